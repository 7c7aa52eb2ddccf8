/**
 * What the generated template code calls (as `py.<name>`): every operator, lookup, call, filter and test goes
 * through here, so a template computes what jinja2 computes.
 */
import { call, getattr, getitem, makeDict, mergeKeywords, slice, unpack } from './py-access.js';
import { FILTERS } from './jinja-filters.js';
import { Namespace, setNamespaceAttribute } from './jinja-globals.js';
import { LoopContext } from './jinja-loop.js';
import { addMacroFrame, makeMacro, MISSING, type MacroBody, type MacroSignature } from './jinja-macro.js';
import { TESTS } from './jinja-tests.js';
import {
  add, compare, compareOne, concat, div, floorDiv, iterate, mod, mul, neg, pos, pow, sub,
} from './py-operators.js';
import { isDict, isTuple, JinjaRuntimeError, PyFloat, str, truthy, tuple } from './py-values.js';

/** A copy sharing no list or dict with its source (what jinja2's constant folding produces). */
function deepCopy(value: unknown): unknown {
  if (Array.isArray(value)) return isTuple(value) ? tuple(value.map(deepCopy)) : value.map(deepCopy);
  if (isDict(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, deepCopy(item)]));
  return value;
}

export const jinjaRuntime = {
  /** Scratch slot for `and`/`or`, which must return an operand and evaluate the right one only when needed. */
  t: undefined as unknown,
  MISSING,
  str,
  truthy,
  add,
  sub,
  mul,
  div,
  floorDiv,
  mod,
  pow,
  neg,
  pos,
  concat,
  cmp: compareOne,
  compare,
  getattr,
  getitem,
  slice,
  call,
  iter: iterate,
  unpack,
  tuple,
  dict: makeDict,
  mergeKw: mergeKeywords,
  float: (value: number) => new PyFloat(value),
  fresh: deepCopy,
  Loop: LoopContext,
  macro: (signature: MacroSignature, body: MacroBody) => makeMacro(signature, body),
  frame: addMacroFrame,
  nsSet: setNamespaceAttribute,
  Namespace,
  filter(name: string, args: unknown[], kwargs: Record<string, unknown> | undefined): unknown {
    const filter = FILTERS[name];
    if (!filter) throw new JinjaRuntimeError(`No filter named '${name}'`, 'TemplateAssertionError');
    return filter(args, kwargs ?? {});
  },
  test(name: string, args: unknown[], kwargs: Record<string, unknown> | undefined): boolean {
    const test = TESTS[name];
    if (!test) throw new JinjaRuntimeError(`No test named '${name}'`, 'TemplateAssertionError');
    return truthy(test(args, kwargs ?? {}));
  },
};

export type JinjaRuntime = typeof jinjaRuntime;
