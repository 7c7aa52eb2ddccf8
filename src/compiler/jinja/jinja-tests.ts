/** jinja2's built-in tests (`x is defined`, `n is divisibleby 3`, `v is sameas false`…). */
import { define, REQUIRED } from './py-arguments.js';
import { contains, eq, mod, order } from './py-operators.js';
import {
  isDict, isFloat, isInt, isNumber, isPyFunction, isTuple, num, PyFloat, PyIterator, str, type PyCallable,
} from './py-values.js';

const one = (name: string, test: (value: unknown) => boolean): PyCallable => define(name, ['value'], [REQUIRED], test);
const two = (name: string, test: (value: unknown, other: unknown) => boolean): PyCallable => define(name, ['value', 'other'], [REQUIRED, REQUIRED], test);

function isIterable(value: unknown): boolean {
  return value === undefined || typeof value === 'string' || Array.isArray(value) || isDict(value) || value instanceof Set || value instanceof Map || value instanceof PyIterator;
}

/** Filled in by jinja-filters (the `filter` test asks whether a filter exists). */
export const filterNames = new Set<string>();

export const TESTS: Record<string, PyCallable> = {
  defined: one('defined', (value) => value !== undefined),
  undefined: one('undefined', (value) => value === undefined),
  none: one('none', (value) => value === null),
  boolean: one('boolean', (value) => typeof value === 'boolean'),
  true: one('true', (value) => value === true),
  false: one('false', (value) => value === false),
  integer: one('integer', (value) => typeof value === 'number' && Number.isInteger(value)),
  float: one('float', (value) => isFloat(value)),
  number: one('number', (value) => isNumber(value)),
  string: one('string', (value) => typeof value === 'string'),
  mapping: one('mapping', (value) => isDict(value)),
  iterable: one('iterable', isIterable),
  // jinja2's Undefined has a length and __getitem__, so it passes the sequence test.
  sequence: one('sequence', (value) => value === undefined || typeof value === 'string' || Array.isArray(value) || isDict(value)),
  callable: one('callable', (value) => typeof value === 'function' || isPyFunction(value)),
  escaped: one('escaped', () => false),
  lower: one('lower', (value) => { const text = str(value); return /\p{Ll}/u.test(text) && !/\p{Lu}/u.test(text); }),
  upper: one('upper', (value) => { const text = str(value); return /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text); }),
  even: one('even', (value) => eq(mod(value, 2), 0)),
  odd: one('odd', (value) => eq(mod(value, 2), 1)),
  divisibleby: define('divisibleby', ['value', 'num'], [REQUIRED, REQUIRED], (value: unknown, n: unknown) => eq(mod(value, n), 0)),
  sameas: two('sameas', (value, other) => value === other || (value instanceof PyFloat && other instanceof PyFloat && value.value === other.value) || (isInt(value) && isInt(other) && typeof value === typeof other && num(value) === num(other) && Math.abs(num(value)) <= 256)),
  eq: two('eq', eq),
  equalto: two('equalto', eq),
  '==': two('==', eq),
  ne: two('ne', (a, b) => !eq(a, b)),
  '!=': two('!=', (a, b) => !eq(a, b)),
  lt: two('lt', (a, b) => order(a, b, '<') < 0),
  lessthan: two('lessthan', (a, b) => order(a, b, '<') < 0),
  '<': two('<', (a, b) => order(a, b, '<') < 0),
  le: two('le', (a, b) => order(a, b, '<=') <= 0),
  '<=': two('<=', (a, b) => order(a, b, '<=') <= 0),
  gt: two('gt', (a, b) => order(a, b, '>') > 0),
  greaterthan: two('greaterthan', (a, b) => order(a, b, '>') > 0),
  '>': two('>', (a, b) => order(a, b, '>') > 0),
  ge: two('ge', (a, b) => order(a, b, '>=') >= 0),
  '>=': two('>=', (a, b) => order(a, b, '>=') >= 0),
  in: define('in', ['value', 'seq'], [REQUIRED, REQUIRED], (value: unknown, seq: unknown) => contains(seq, value)),
  filter: one('filter', (value) => typeof value === 'string' && filterNames.has(value)),
  test: one('test', (value) => typeof value === 'string' && Object.prototype.hasOwnProperty.call(TESTS, value)),
};

export { isTuple };
