/** Python's operators on the values of py-values.ts, as jinja2 evaluates them. */
import { percentFormat } from './py-format.js';
import {
  isDict, isFloat, isInt, isNumber, isTuple, JinjaRuntimeError, makeFloat, num, PyFloat, PyIterator, PyView, rangeText, str, truthy, tuple, typeName, UnsupportedConstructError,
} from './py-values.js';

export class UndefinedError extends JinjaRuntimeError {
  constructor(message: string) {
    super(message, 'UndefinedError');
  }
}

function undefinedOperand(op: string): never {
  throw new UndefinedError(`an undefined value was used with '${op}'`);
}

function unsupported(op: string, a: unknown, b: unknown): never {
  if (a === undefined || b === undefined) undefinedOperand(op);
  throw new JinjaRuntimeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function numeric(a: unknown, b: unknown, result: number, exact?: (x: bigint, y: bigint) => bigint): number | PyFloat {
  if (isFloat(a) || isFloat(b)) return makeFloat(result);
  if (Number.isSafeInteger(result) || !exact) return exactInt(result);
  // Near 2**53 the float result may be rounded: recompute exactly and keep it only if a double holds it exactly.
  return exactInt(Number(exact(BigInt(num(a)), BigInt(num(b)))), exact(BigInt(num(a)), BigInt(num(b))));
}

const LIMIT = 2n ** 53n;

/**
 * Python's ints are unbounded; JavaScript's numbers hold every integer exactly only up to 2**53, so a larger int
 * is refused. `exact` is the true result when known (a BigInt), to accept exactly ±2**53.
 */
export function exactInt(value: number, exact?: bigint): number {
  if (Number.isSafeInteger(value)) return value;
  if (exact !== undefined && exact <= LIMIT && exact >= -LIMIT) return value;
  throw new UnsupportedConstructError('an integer beyond 2**53 cannot be computed exactly in trevco templates; use a float or do it in SQL');
}

export function add(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numeric(a, b, num(a) + num(b), (x, y) => x + y);
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) return isTuple(a) ? tuple([...a, ...b]) : [...a, ...b];
  if (Array.isArray(a) && Array.isArray(b)) throw new JinjaRuntimeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
  if (typeof a === 'string' && b !== undefined) throw new JinjaRuntimeError(`can only concatenate str (not "${typeName(b)}") to str`);
  const custom = (a as { pyAdd?: (other: unknown) => unknown } | null)?.pyAdd;
  if (typeof custom === 'function') return custom.call(a, b);
  return unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numeric(a, b, num(a) - num(b), (x, y) => x - y);
  const custom = (a as { pySub?: (other: unknown) => unknown } | null)?.pySub;
  if (typeof custom === 'function') return custom.call(a, b);
  if (a instanceof Set && b instanceof Set) return new Set([...a].filter((item) => !b.has(item)));
  return unsupported('-', a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  if (isNumber(a) && isNumber(b)) return numeric(a, b, num(a) * num(b), (x, y) => x * y);
  const repeat = (sequence: unknown, times: unknown): unknown => {
    const count = Math.max(0, num(times));
    if (typeof sequence === 'string') return sequence.repeat(count);
    const items = sequence as unknown[];
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) out.push(...items);
    return isTuple(items) ? tuple(out) : out;
  };
  if ((typeof a === 'string' || Array.isArray(a)) && isInt(b)) return repeat(a, b);
  if (isInt(a) && (typeof b === 'string' || Array.isArray(b))) return repeat(b, a);
  if (typeof a === 'string' || typeof b === 'string' || Array.isArray(a) || Array.isArray(b)) {
    if (a === undefined || b === undefined) undefinedOperand('*');
    throw new JinjaRuntimeError(`can't multiply sequence by non-int of type '${typeName(isNumber(a) || a === undefined ? a : b)}'`);
  }
  return unsupported('*', a, b);
}

function divisor(b: unknown, message: string): number {
  const value = num(b);
  if (value === 0) throw new JinjaRuntimeError(message, 'ZeroDivisionError');
  return value;
}

export function div(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) unsupported('/', a, b);
  return makeFloat(num(a) / divisor(b, 'division by zero'));
}

export function floorDiv(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) unsupported('//', a, b);
  const result = Math.floor(num(a) / divisor(b, isFloat(a) || isFloat(b) ? 'float floor division by zero' : 'integer division or modulo by zero'));
  return numeric(a, b, result);
}

export function mod(a: unknown, b: unknown): unknown {
  if (typeof a === 'string') return percentFormat(a, b);
  if (!(isNumber(a) && isNumber(b))) unsupported('%', a, b);
  const d = divisor(b, isFloat(a) || isFloat(b) ? 'float modulo' : 'integer division or modulo by zero');
  const x = num(a);
  let result = x % d;
  if (result !== 0 && (result < 0) !== (d < 0)) result += d;
  return numeric(a, b, result);
}

export function pow(a: unknown, b: unknown): unknown {
  if (!(isNumber(a) && isNumber(b))) unsupported('** or pow()', a, b);
  const base = num(a);
  const exponent = num(b);
  if (isInt(a) && isInt(b) && exponent >= 0) {
    return exactInt(base ** exponent, Math.abs(base ** exponent) <= 2 ** 54 ? BigInt(base) ** BigInt(exponent) : undefined);
  }
  if (base === 0 && exponent < 0) throw new JinjaRuntimeError('0.0 cannot be raised to a negative power', 'ZeroDivisionError');
  return makeFloat(base ** exponent);
}

export function neg(a: unknown): unknown {
  if (!isNumber(a)) {
    if (a === undefined) undefinedOperand('-');
    throw new JinjaRuntimeError(`bad operand type for unary -: '${typeName(a)}'`);
  }
  return isFloat(a) ? makeFloat(-num(a)) : -num(a) || 0;
}

export function pos(a: unknown): unknown {
  if (!isNumber(a)) {
    if (a === undefined) undefinedOperand('+');
    throw new JinjaRuntimeError(`bad operand type for unary +: '${typeName(a)}'`);
  }
  return isFloat(a) ? a : num(a);
}

/** `~`: both sides as str() and joined; an undefined side is empty, as in jinja2. */
export function concat(a: unknown, b: unknown): string {
  return str(a) + str(b);
}

/** Python's `==`. */
export function eq(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (isTuple(a) !== isTuple(b) || a.length !== b.length) return false;
    if (rangeText(a) !== rangeText(b) && (rangeText(a) === undefined || rangeText(b) === undefined)) return false;
    return a.every((item, index) => eq(item, b[index]));
  }
  if (isDict(a) && isDict(b)) {
    const keys = Object.keys(a).filter((key) => key !== '__keywords');
    const other = Object.keys(b).filter((key) => key !== '__keywords');
    return keys.length === other.length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && eq(a[key], b[key]));
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((item) => b.has(item));
  const custom = (a as { pyEq?: (other: unknown) => boolean }).pyEq;
  if (typeof custom === 'function') return custom.call(a, b);
  return false;
}

/** Python's ordering: -1, 0 or 1, or a TypeError for types Python does not order. */
export function order(a: unknown, b: unknown, op: string): number {
  if (isNumber(a) && isNumber(b)) {
    const x = num(a);
    const y = num(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (Array.isArray(a) && Array.isArray(b) && isTuple(a) === isTuple(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!eq(a[i], b[i])) return order(a[i], b[i], op);
    }
    return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
  }
  const custom = (a as { pyOrder?: (other: unknown) => number } | null)?.pyOrder;
  if (typeof custom === 'function') return custom.call(a, b);
  if (a === undefined || b === undefined) undefinedOperand(op);
  throw new JinjaRuntimeError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** Python's `in`. */
export function contains(container: unknown, item: unknown): boolean {
  if (typeof container === 'string') {
    if (typeof item !== 'string') {
      if (item === undefined) undefinedOperand('in');
      throw new JinjaRuntimeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    }
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((element) => eq(element, item));
  if (isDict(container)) return typeof item === 'string' && item !== '__keywords' && Object.prototype.hasOwnProperty.call(container, item);
  if (container instanceof PyView) return container.items().some((element) => eq(element, item));
  if (container instanceof PyIterator) return container.take().some((element) => eq(element, item));
  if (container instanceof Set) return container.has(item) || [...container].some((element) => eq(element, item));
  if (container === undefined) return false;
  const custom = (container as { pyContains?: (x: unknown) => boolean } | null)?.pyContains;
  if (typeof custom === 'function') return custom.call(container, item);
  throw new JinjaRuntimeError(`argument of type '${typeName(container)}' is not iterable`);
}

/** A chain of comparisons, `a < b <= c`, evaluated as Python does (each pair, joined by and). */
export function compare(first: unknown, ...rest: unknown[]): boolean {
  let left = first;
  for (let i = 0; i < rest.length; i += 2) {
    const op = rest[i] as string;
    const right = rest[i + 1];
    if (!compareOne(op, left, right)) return false;
    left = right;
  }
  return true;
}

export function compareOne(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==': return eq(a, b);
    case '!=': return !eq(a, b);
    case '<': return order(a, b, op) < 0;
    case '<=': return order(a, b, op) <= 0;
    case '>': return order(a, b, op) > 0;
    case '>=': return order(a, b, op) >= 0;
    case 'in': return contains(b, a);
    case 'notin': return !contains(b, a);
    default: throw new JinjaRuntimeError(`unknown comparison '${op}'`);
  }
}

/** The items of a value where their order does not matter (sort, min, max, sum, set operations): sets allowed. */
export function unorderedItems(value: unknown): unknown[] {
  return value instanceof Set ? [...value] : iterate(value);
}

/** The items a `for` loop (or list(), join…) walks: dict keys, str characters; an undefined value is empty. */
export function iterate(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === undefined) return [];
  if (typeof value === 'string') return [...value];
  if (isDict(value)) return Object.keys(value).filter((key) => key !== '__keywords');
  if (value instanceof Set) {
    if (value.size > 1) throw new UnsupportedConstructError("iterating a set is not supported: Python's order depends on hashing; sort it first (|sort)");
    return [...value];
  }
  if (value instanceof PyIterator) return value.take();
  if (value instanceof PyView) return value.items();
  if (value instanceof Map) return [...value.keys()];
  if (value !== null && typeof value === 'object' && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') {
    return [...(value as Iterable<unknown>)];
  }
  throw new JinjaRuntimeError(`'${typeName(value)}' object is not iterable`);
}

export { truthy };
