/** jinja2's macros: argument binding (defaults, varargs, kwargs, caller), dbt's return(), and error frames. */
import { JinjaRuntimeError, pyFunction, tuple, type PyCallable } from './py-values.js';

/** A parameter not given by the caller; the compiled body replaces it by its default (or undefined). */
export const MISSING = Symbol('missing');

/** dbt's `return(value)`: ends the macro, which then evaluates to `value` instead of its text. */
export class MacroReturn {
  constructor(readonly value: unknown) {}
}

export interface MacroSignature {
  readonly name: string;
  readonly params: readonly string[];
  /** The body reads `varargs` / `kwargs` / `caller`: jinja2 then accepts extra positional / keyword arguments / a caller. */
  readonly catchVarargs: boolean;
  readonly catchKwargs: boolean;
  readonly catchCaller: boolean;
}

export type MacroBody = (values: unknown[], varargs: unknown[], kwargs: Record<string, unknown>, caller: unknown) => unknown;

const MACRO = Symbol('macro');

/** A macro as a Python-style callable `(args, kwargs)`; JavaScript code calls it through `callMacro`. */
export function makeMacro(signature: MacroSignature, body: MacroBody): PyCallable {
  const { name, params, catchVarargs, catchKwargs, catchCaller } = signature;
  const count = params.length;
  const invoke = (args: unknown[], kwargs: Record<string, unknown>): unknown => {
    const values = args.slice(0, count);
    const rest: Record<string, unknown> = {};
    for (const key of Object.keys(kwargs)) if (key !== '__keywords') rest[key] = kwargs[key];
    let foundCaller = params.includes('caller');
    if (values.length !== count) {
      foundCaller = false;
      for (const param of params.slice(values.length)) {
        if (Object.prototype.hasOwnProperty.call(rest, param)) {
          values.push(rest[param]);
          delete rest[param];
        } else values.push(MISSING);
        if (param === 'caller') foundCaller = true;
      }
    }
    let caller: unknown;
    if (catchCaller && !foundCaller) {
      caller = Object.prototype.hasOwnProperty.call(rest, 'caller') && rest.caller !== null ? rest.caller : undefined;
      delete rest.caller;
    }
    const extraKeys = Object.keys(rest);
    if (!catchKwargs && extraKeys.length > 0) {
      if (extraKeys.includes('caller')) throw new JinjaRuntimeError(`macro '${name}' was invoked with two values for the special caller argument`);
      throw new JinjaRuntimeError(`macro '${name}' takes no keyword argument '${extraKeys[0]}'`);
    }
    if (!catchVarargs && args.length > count) {
      throw new JinjaRuntimeError(`macro '${name}' takes not more than ${count} argument(s)`);
    }
    try {
      return body(values, tuple(args.slice(count)), rest, caller);
    } catch (error) {
      if (error instanceof MacroReturn) return error.value;
      throw error;
    }
  };
  const macro = pyFunction(name, invoke);
  (macro as unknown as Record<symbol, unknown>)[MACRO] = signature;
  return macro;
}

/** Calls a macro from JS with keyword arguments. */
export function callMacro(macro: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown {
  return (macro as PyCallable)(args, kwargs);
}

export interface MacroFrame {
  readonly file: string;
  readonly line: number;
  readonly macro: string;
}

const TRACE = Symbol('jinjaTrace');

/**
 * Records, on an error leaving a macro, where it was: the first frame is where it was raised (the macro's file and
 * line), the next ones where each enclosing macro called it. The model's own line is added by the engine.
 */
export function addMacroFrame(error: unknown, file: string, line: number, macro: string): unknown {
  if (error instanceof MacroReturn || error === null || typeof error !== 'object') return error;
  const holder = error as Record<symbol, MacroFrame[] | undefined>;
  const trace = holder[TRACE] ?? [];
  trace.push({ file, line: line + 1, macro });
  if (!holder[TRACE]) {
    try {
      Object.defineProperty(error, TRACE, { value: trace, enumerable: false, configurable: true });
    } catch {
      // A frozen error keeps no trace; it is still reported at the model.
    }
  }
  return error;
}

export function macroTrace(error: unknown): readonly MacroFrame[] | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  return (error as Record<symbol, MacroFrame[] | undefined>)[TRACE];
}
