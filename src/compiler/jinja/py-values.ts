/**
 * How Python's values live in JavaScript while a template renders, so that printing, arithmetic and comparison
 * behave as in jinja2:
 * - int: an integral JS number; float: a non-integral JS number, NaN/Infinity, or a {@link PyFloat} box for an
 *   integral float (`1.0`, `10 / 5`), which prints as `1.0` and unboxes through valueOf();
 * - str: a JS string; bool: a JS boolean; None: null; an undefined name: JS undefined;
 * - list: a JS array; tuple: a JS array marked with {@link tuple}; dict: a plain JS object (string keys only);
 * - set: a JS Set; callables: JS functions ({@link pyFunction} marks those taking Python-style arguments).
 */

/** An error jinja2 would raise while rendering (TypeError, UndefinedError, ZeroDivisionError…). */
export class JinjaRuntimeError extends Error {
  constructor(message: string, readonly pythonType = 'TypeError') {
    super(message);
    this.name = 'JinjaRuntimeError';
  }
}

/** A construct trevco refuses because it cannot promise the same result as jinja2. */
export class UnsupportedConstructError extends JinjaRuntimeError {
  constructor(message: string) {
    super(message, 'Unsupported');
  }
}

/** A float whose value is integral: `1.0` must print as `1.0`, not `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return floatRepr(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

const TUPLE = Symbol('tuple');
const PY_FUNCTION = Symbol('pyFunction');

/**
 * A one-shot iterator, as jinja2's map/select/reject/unique/batch/items filters and dbt's zip() return: it can be
 * walked once, has no length, is always true, and cannot be printed (Python prints `<generator object …>`).
 */
export class PyIterator {
  private consumed = false;
  constructor(private readonly items: readonly unknown[], readonly pyTypeName = 'generator') {}
  take(): unknown[] {
    if (this.consumed) return [];
    this.consumed = true;
    return [...this.items];
  }
  pyStr(): string {
    throw new UnsupportedConstructError(`printing a ${this.pyTypeName} prints '<${this.pyTypeName} object at 0x…>' in dbt; add |list or |join`);
  }
  pyRepr(): string {
    return this.pyStr();
  }
}

/**
 * A dict view (`d.items()`, `d.keys()`, `d.values()`): iterable again and again, has a length and `in`, follows
 * later changes to the dict, prints as `dict_items([...])`, and cannot be indexed (jinja2 then gives undefined).
 */
export class PyView {
  constructor(readonly pyTypeName: string, private readonly read: () => unknown[]) {}
  items(): unknown[] {
    return this.read();
  }
  pyRepr(): string {
    return `${this.pyTypeName}(${repr(this.read())})`;
  }
  pyStr(): string {
    return this.pyRepr();
  }
  pyBool(): boolean {
    return this.read().length > 0;
  }
  pyGetattr(): unknown {
    return undefined;
  }
  pyGetitem(): unknown {
    return undefined;
  }
}

const RANGE = Symbol('range');

export interface RangeBounds {
  readonly start: number;
  readonly stop: number;
  readonly step: number;
}

/** Marks a tuple as a range(): it prints as `range(a, b)`, slices to a range, and equals only an equal sequence of the same kind. */
export function markRange<T>(items: T[], bounds: RangeBounds): T[] {
  const text = bounds.step === 1 ? `range(${bounds.start}, ${bounds.stop})` : `range(${bounds.start}, ${bounds.stop}, ${bounds.step})`;
  Object.defineProperty(items, RANGE, { value: bounds });
  Object.defineProperty(items, 'pyRepr', { value: () => text });
  return items;
}

export function rangeBounds(value: unknown): RangeBounds | undefined {
  return Array.isArray(value) ? ((value as unknown as Record<symbol, RangeBounds | undefined>)[RANGE]) : undefined;
}

export function rangeText(value: unknown): string | undefined {
  return rangeBounds(value) === undefined ? undefined : 'range';
}

/** Marks an array as a Python tuple (printed with parentheses, immutable, never equal to a list). */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

export function isTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

export function isList(value: unknown): value is unknown[] {
  return Array.isArray(value) && !isTuple(value);
}

/** A dict: a plain object (or one without a prototype). Class instances are objects with attributes, not dicts. */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

export function isFloat(value: unknown): boolean {
  return value instanceof PyFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** int or bool (Python's bool is an int). */
export function isInt(value: unknown): value is number | boolean {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean';
}

export function isNumber(value: unknown): boolean {
  return typeof value === 'number' || typeof value === 'boolean' || value instanceof PyFloat;
}

/** The JS number behind an int, bool or float. */
export function num(value: unknown): number {
  if (value instanceof PyFloat) return value.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as number;
}

/** A float result: boxed when integral, so it keeps printing as a float. */
export function makeFloat(value: number): number | PyFloat {
  return Number.isInteger(value) ? new PyFloat(value) : value;
}

/** Python-style callable: receives positional arguments and keyword arguments separately. */
export type PyCallable = ((args: unknown[], kwargs: Record<string, unknown>) => unknown) & { [PY_FUNCTION]?: true; pyName?: string };

export function pyFunction(name: string, fn: (args: unknown[], kwargs: Record<string, unknown>) => unknown): PyCallable {
  const marked = fn as PyCallable;
  marked[PY_FUNCTION] = true;
  marked.pyName = name;
  return marked;
}

export function isPyFunction(value: unknown): value is PyCallable {
  return typeof value === 'function' && (value as PyCallable)[PY_FUNCTION] === true;
}

/** Python's type name of a value, for error messages as jinja2 words them. */
export function typeName(value: unknown): string {
  if (value === undefined) return 'Undefined';
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (isFloat(value)) return 'float';
  if (typeof value === 'number') return 'int';
  if (isTuple(value)) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (isDict(value)) return 'dict';
  if (value instanceof Set) return 'set';
  if (typeof value === 'function') return 'function';
  const named = (value as { pyTypeName?: string }).pyTypeName;
  return named ?? (value as object).constructor?.name ?? 'object';
}

/** Python's truth value. */
export function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof PyFloat) return value.value !== 0;
  if (isDict(value)) {
    for (const key in value) if (key !== '__keywords') return true;
    return false;
  }
  if (value instanceof Set || value instanceof Map) return value.size > 0;
  const custom = (value as { pyBool?: () => boolean }).pyBool;
  return typeof custom === 'function' ? custom.call(value) : true;
}

/** Python's `str()` of a value, as `{{ value }}` prints it (an undefined name prints nothing). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? intRepr(value) : floatRepr(value);
  if (value instanceof PyFloat) return floatRepr(value.value);
  if (Array.isArray(value) || isDict(value) || value instanceof Set) return repr(value);
  if (typeof value === 'function') throw new UnsupportedConstructError(`printing a ${isPyFunction(value) ? 'function' : 'callable'} ('${(value as PyCallable).pyName ?? value.name}') is not supported; call it`);
  const pyStr = (value as { pyStr?: () => string }).pyStr;
  if (typeof pyStr === 'function') return pyStr.call(value);
  return String(value);
}

/** Python's `repr()`, used for the items of printed lists, tuples and dicts. */
export function repr(value: unknown): string {
  if (typeof value === 'string') return stringRepr(value);
  if (value === undefined) return 'Undefined';
  if (Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, 'pyRepr')) return (value as unknown as { pyRepr(): string }).pyRepr();
  if (isTuple(value)) return value.length === 1 ? `(${repr(value[0])},)` : `(${value.map(repr).join(', ')})`;
  if (Array.isArray(value)) return `[${value.map(repr).join(', ')}]`;
  if (isDict(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value)) if (key !== '__keywords') parts.push(`${stringRepr(key)}: ${repr(value[key])}`);
    return `{${parts.join(', ')}}`;
  }
  if (value instanceof Set) {
    if (value.size === 0) return 'set()';
    throw new UnsupportedConstructError("printing a set is not supported: Python's set order depends on hashing; sort it first (|sort)");
  }
  const pyRepr = (value as { pyRepr?: () => string } | null)?.pyRepr;
  if (typeof pyRepr === 'function') return pyRepr.call(value);
  if (value !== null && typeof value === 'object' && !(value instanceof PyFloat)) {
    throw new UnsupportedConstructError(`printing a ${typeName(value)} inside a list or dict is not supported; print its attributes`);
  }
  return str(value);
}

function intRepr(value: number): string {
  if (Math.abs(value) < 1e21) return String(value);
  return BigInt(value).toString();
}

/** Python's shortest float repr: `1.0`, `0.1`, `1e-05`, `1e+16`, `inf`, `nan`. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = value < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

const NOT_PRINTABLE = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]$/u;

/** What Python's str.isspace() accepts (JavaScript's \s differs: it has U+FEFF and lacks U+001C-U+001F, U+0085). */
export const PY_WHITESPACE = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/** Python's repr of a str: single quotes unless the text has a single quote and no double quote. */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char !== ' ' && NOT_PRINTABLE.test(char)) {
      // Python escapes what str.isprintable() rejects: controls, format characters, separators other than ' '.
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += char;
  }
  return out + quote;
}
