/** Attribute and item access, slicing and calls, with jinja2's rules (`a.b` tries the attribute, then the item). */
import { builtinMethod, dictKey, isDictMethod, numberAttribute, useAccess } from './py-methods.js';
import { UndefinedError, iterate } from './py-operators.js';
import { isDict, isInt, isPyFunction, isTuple, JinjaRuntimeError, markRange, num, PyFloat, UnsupportedConstructError, PyView, rangeBounds, tuple, typeName, type PyCallable } from './py-values.js';

/** Properties of JS objects a template must never reach. */
const HIDDEN = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function objectAttribute(obj: object, name: string): unknown {
  if (HIDDEN.has(name) || !(name in obj)) return undefined;
  const value = (obj as Record<string, unknown>)[name];
  if (typeof value === 'function' && !isPyFunction(value) && !Object.prototype.hasOwnProperty.call(obj, name)) {
    return (value as (...args: unknown[]) => unknown).bind(obj);
  }
  return value;
}

/** `obj.name`: the attribute (a str/list/dict method, an object's property), else the dict item; else undefined. */
export function getattr(obj: unknown, name: string, expression = 'value'): unknown {
  if (obj === undefined) throw new UndefinedError(`'${expression}' is undefined`);
  if (name.startsWith('__') && name.endsWith('__')) throw new UnsupportedConstructError(`Python internals such as '${name}' are not available in trevco templates`);
  if (obj === null) return undefined;
  if (obj instanceof PyFloat) return numberAttribute(obj.value, name);
  if (typeof obj === 'object' && !Array.isArray(obj) && !isDict(obj) && !(obj instanceof Set)) {
    const custom = (obj as { pyGetattr?: (name: string) => unknown }).pyGetattr;
    if (typeof custom === 'function') return custom.call(obj, name);
    return objectAttribute(obj, name);
  }
  if (isDict(obj)) {
    if (isDictMethod(name)) return builtinMethod(obj, name, call);
    return name !== '__keywords' && Object.prototype.hasOwnProperty.call(obj, name) ? obj[name] : undefined;
  }
  // groupby's items are tuples with `grouper` and `list` attributes.
  if (Array.isArray(obj) && (name === 'grouper' || name === 'list') && Object.prototype.hasOwnProperty.call(obj, name)) return (obj as unknown as Record<string, unknown>)[name];
  if (typeof obj === 'function') {
    // jinja2's Macro has `.name`; a JavaScript function's own name/length/arguments are not template attributes.
    if (name === 'name') return isPyFunction(obj) ? obj.pyName : undefined;
    if (name === 'length' || name === 'arguments' || name === 'caller') return undefined;
  }
  if (typeof obj === 'function') return HIDDEN.has(name) || !Object.prototype.hasOwnProperty.call(obj, name) ? undefined : (obj as unknown as Record<string, unknown>)[name];
  return builtinMethod(obj, name, call) ?? numberAttribute(obj, name);
}

/** `obj[key]`: the item, else (for a str key) the attribute; an index out of range gives undefined, as in jinja2. */
export function getitem(obj: unknown, key: unknown, expression = 'value'): unknown {
  if (obj === undefined) throw new UndefinedError(`'${expression}' is undefined`);
  if (obj === null) return undefined;
  if (typeof obj === 'string' || Array.isArray(obj)) {
    if (isInt(key)) {
      const length = obj.length;
      const index = num(key) < 0 ? length + num(key) : num(key);
      if (index < 0 || index >= length) return undefined;
      return typeof obj === 'string' ? [...obj][index] ?? obj[index] : obj[index];
    }
    return typeof key === 'string' ? getattr(obj, key, expression) : undefined;
  }
  if (isDict(obj)) {
    if (typeof key === 'string' && key !== '__keywords' && Object.prototype.hasOwnProperty.call(obj, key)) return obj[key];
    return typeof key === 'string' ? getattr(obj, key, expression) : undefined;
  }
  const customItem = (obj as { pyGetitem?: (key: unknown) => unknown }).pyGetitem;
  if (typeof customItem === 'function') return customItem.call(obj, key);
  return typeof key === 'string' ? getattr(obj, key, expression) : undefined;
}

function sliceIndexes(length: number, start: unknown, stop: unknown, step: unknown): number[] {
  const s = step === null || step === undefined ? 1 : num(step);
  if (s === 0) throw new JinjaRuntimeError('slice step cannot be zero', 'ValueError');
  const clamp = (value: unknown, fallback: number, low: number, high: number): number => {
    if (value === null || value === undefined) return fallback;
    let n = num(value);
    if (n < 0) n += length;
    return Math.min(Math.max(n, low), high);
  };
  const indexes: number[] = [];
  if (s > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += s) indexes.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += s) indexes.push(i);
  }
  return indexes;
}

/** Python's slice(start, stop, step).indices(length). */
function sliceIndices(length: number, start: unknown, stop: unknown, step: unknown): [number, number, number] {
  const k = step === null || step === undefined ? 1 : num(step);
  const adjust = (value: unknown, fallback: number): number => {
    if (value === null || value === undefined) return fallback;
    let n = num(value);
    if (n < 0) n = Math.max(n + length, k < 0 ? -1 : 0);
    else n = Math.min(n, k < 0 ? length - 1 : length);
    return n;
  };
  return [adjust(start, k < 0 ? length - 1 : 0), adjust(stop, k < 0 ? -1 : length), k];
}

/** `obj[start:stop:step]` on a str, list or tuple. */
export function slice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  for (const bound of [start, stop, step]) {
    if (bound !== null && bound !== undefined && !isInt(bound)) throw new JinjaRuntimeError('slice indices must be integers or None');
  }
  if (typeof obj === 'string') {
    const chars = [...obj];
    return sliceIndexes(chars.length, start, stop, step).map((i) => chars[i]).join('');
  }
  if (Array.isArray(obj)) {
    const indexes = sliceIndexes(obj.length, start, stop, step);
    const items = indexes.map((i) => obj[i]);
    const bounds = rangeBounds(obj);
    if (bounds) {
      // A slice of a range is a range, printed with Python's computed bounds (slice.indices).
      const [i, j, k] = sliceIndices(obj.length, start, stop, step);
      return markRange(tuple(items), { start: bounds.start + i * bounds.step, stop: bounds.start + j * bounds.step, step: bounds.step * k });
    }
    return isTuple(obj) ? tuple(items) : items;
  }
  if (obj === undefined) throw new UndefinedError('an undefined value was sliced');
  throw new JinjaRuntimeError(`'${typeName(obj)}' object is not subscriptable`);
}

/**
 * Calls a value. Python-style functions (macros, builtins, methods) get positional and keyword arguments apart;
 * plain JS functions (ref, source, config, var…) get Nunjucks' convention: keywords as a last object marked
 * `__keywords`.
 */
export function call(fn: unknown, args: unknown[], kwargs?: Record<string, unknown>, expression = 'value'): unknown {
  if (isPyFunction(fn)) return fn(args, kwargs ?? {});
  if (typeof fn === 'function') {
    const keywords = kwargs && Object.keys(kwargs).length > 0 ? { ...toNative(kwargs) as Record<string, unknown>, __keywords: true } : undefined;
    const positional = args.map(toNative);
    return (fn as (...values: unknown[]) => unknown)(...(keywords ? [...positional, keywords] : positional));
  }
  if (fn === undefined) throw new UndefinedError(`'${expression}' is undefined`);
  const custom = (fn as { pyCall?: PyCallable } | null)?.pyCall;
  if (typeof custom === 'function') return custom(args, kwargs ?? {});
  throw new JinjaRuntimeError(`'${typeName(fn)}' object is not callable (${expression})`);
}

/**
 * What a native (JavaScript) function receives: floats as plain numbers and dict views as lists, so `config(x=1.0)`
 * stores the number 1. Containers are copied only when something in them changes.
 */
export function toNative(value: unknown): unknown {
  if (value instanceof PyFloat) return value.value;
  if (value instanceof PyView) return value.items().map(toNative);
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const native = toNative(item);
      if (native !== item) (copy ??= [...value])[i] = native;
    });
    return copy ?? value;
  }
  if (isDict(value)) {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const native = toNative(value[key]);
      if (native !== value[key]) (copy ??= { ...value })[key] = native;
    }
    return copy ?? value;
  }
  return value;
}

/** Python's tuple unpacking: `a, b = value`. */
export function unpack(value: unknown, count: number): unknown[] {
  const items = iterate(value);
  if (items.length !== count) {
    throw new JinjaRuntimeError(items.length > count ? `too many values to unpack (expected ${count})` : `not enough values to unpack (expected ${count}, got ${items.length})`, 'ValueError');
  }
  return items;
}

/** A dict literal: `{k: v, ...}` with evaluated keys. */
export function makeDict(entries: unknown[]): Record<string, unknown> {
  const dict: Record<string, unknown> = {};
  for (let i = 0; i < entries.length; i += 2) dict[dictKey(entries[i])] = entries[i + 1];
  return dict;
}

/** Keyword arguments of a call, merged with `**kwargs` (a dict); a duplicate is a TypeError, as in Python. */
export function mergeKeywords(explicit: Record<string, unknown>, spread: unknown): Record<string, unknown> {
  if (spread === undefined || spread === null) {
    if (spread === undefined) return explicit;
  }
  if (!isDict(spread)) throw new JinjaRuntimeError(`argument after ** must be a mapping, not ${typeName(spread)}`);
  const merged = { ...explicit };
  for (const key of Object.keys(spread)) {
    if (key === '__keywords') continue;
    if (Object.prototype.hasOwnProperty.call(merged, key)) throw new JinjaRuntimeError(`got multiple values for keyword argument '${key}'`);
    merged[key] = spread[key];
  }
  return merged;
}

useAccess({ getattr: (obj, name) => getattr(obj, name), getitem: (obj, key) => getitem(obj, key) });
