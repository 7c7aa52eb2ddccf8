import { isValidDate, isValidTime } from './inferred-type.js';

/** Says why a CSV value does not fit a column type, or returns undefined when it fits. */
export type ValueValidator = (value: string) => string | undefined;

const INTEGER = /^\s*[+-]?\d+\s*$/;
const NUMBER = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
const SPECIAL_NUMBER = /^\s*[+-]?(?:nan|infinity|inf)\s*$/i;
// PostgreSQL's boolin takes any unambiguous prefix of true/false/yes/no, and on/off/1/0.
const BOOLEAN = /^\s*(?:t|tr|tru|true|f|fa|fal|fals|false|y|ye|yes|n|no|on|of|off|1|0)\s*$/i;
const DATE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;
const TIMESTAMP = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*$/;
const TIMESTAMPTZ = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(?:Z|UTC|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

const RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * A validator for a column type as `format_type` prints it, mirroring what PostgreSQL's input function accepts
 * for the common types (dates and timestamps: ISO 8601 only, stricter than PostgreSQL). Types without a validator
 * (text, json, uuid, …) return undefined: COPY checks those.
 */
export function validatorFor(type: string): ValueValidator | undefined {
  const range = RANGES[type];
  if (range) {
    return (value) => {
      if (!INTEGER.test(value)) return `not an ${type}`;
      const n = BigInt(value.trim());
      return n < range[0] || n > range[1] ? `out of range for ${type}` : undefined;
    };
  }
  const numeric = /^numeric(?:\((\d+)(?:,(\d+))?\))?$/.exec(type);
  if (numeric) {
    const precision = numeric[1] === undefined ? undefined : Number(numeric[1]);
    const scale = Number(numeric[2] ?? 0);
    return (value) => {
      if (SPECIAL_NUMBER.test(value) && precision === undefined) return undefined;
      if (!NUMBER.test(value)) return 'not a number';
      if (precision === undefined) return undefined;
      // Digits before the point after rounding to the scale must fit precision - scale.
      const rounded = Number(value).toFixed(scale).replace(/^-/, '').split('.')[0]!.replace(/^0+/, '');
      return rounded.length > precision - scale ? `does not fit ${type}` : undefined;
    };
  }
  if (type === 'real' || type === 'double precision') {
    return (value) => (NUMBER.test(value) || SPECIAL_NUMBER.test(value) ? undefined : 'not a number');
  }
  if (type === 'boolean') return (value) => (BOOLEAN.test(value) ? undefined : 'not a boolean');
  if (type === 'date') return dateLike(DATE, 'not a date (YYYY-MM-DD)');
  if (type === 'timestamp without time zone') return dateLike(TIMESTAMP, 'not a timestamp (YYYY-MM-DD HH:MM:SS)');
  if (type === 'timestamp with time zone') return dateLike(TIMESTAMPTZ, 'not a timestamp with time zone');
  const sized = /^(character varying|character)\((\d+)\)$/.exec(type);
  if (sized) {
    const limit = Number(sized[2]);
    const padded = sized[1] === 'character';
    return (value) => {
      // char(n) drops trailing spaces before checking the length, as PostgreSQL does.
      const length = [...(padded ? value.replace(/ +$/, '') : value)].length;
      return length > limit ? `longer than ${limit} characters` : undefined;
    };
  }
  return undefined;
}

function dateLike(pattern: RegExp, reason: string): ValueValidator {
  return (value) => {
    const match = pattern.exec(value);
    if (!match) return reason;
    if (!isValidDate(match)) return 'not a real date';
    if (match[4] !== undefined && !isValidTime(match)) return 'not a real time';
    return undefined;
  };
}
