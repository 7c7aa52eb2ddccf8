/**
 * The types inference may pick, narrowest first. Two chains widen into each other (integer → bigint → numeric,
 * date → timestamp → timestamptz); anything else that meets becomes text.
 */
export type InferredType = 'boolean' | 'integer' | 'bigint' | 'numeric' | 'date' | 'timestamp' | 'timestamptz' | 'text';

const NUMBER_CHAIN: readonly InferredType[] = ['integer', 'bigint', 'numeric'];
const TIME_CHAIN: readonly InferredType[] = ['date', 'timestamp', 'timestamptz'];

const BOOLEAN = /^(?:true|false|t|f)$/i;
// No leading zeros: `00123` is an identifier (a zip code, an account number), not the number 123.
const INTEGER = /^[+-]?(?:0|[1-9]\d*)$/;
const DECIMAL = /^[+-]?(?:(?:0|[1-9]\d*)(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?$/;
const TIMESTAMPTZ = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?\s?(?:Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const INT4_MAX = 2n ** 31n - 1n;
const INT8_MAX = 2n ** 63n - 1n;

/** The narrowest type that holds one non-empty CSV value. */
export function typeOfValue(value: string): InferredType {
  // Inference types every sampled value: cheap first-character and length checks spare most regexes and BigInts.
  const first = value.charCodeAt(0) | 0x20;
  if ((first === 0x74 || first === 0x66) && BOOLEAN.test(value)) return 'boolean';
  if (INTEGER.test(value)) {
    // Nine digits always fit int4.
    if (value.length <= 9) return 'integer';
    const n = BigInt(value);
    if (n <= INT4_MAX && n >= -INT4_MAX - 1n) return 'integer';
    if (n <= INT8_MAX && n >= -INT8_MAX - 1n) return 'bigint';
    return 'numeric';
  }
  if (DECIMAL.test(value)) return 'numeric';
  // Every date and timestamp starts with a four-digit year.
  if (first < 0x30 || first > 0x39) return 'text';
  const date = DATE.exec(value);
  if (date) return isValidDate(date) ? 'date' : 'text';
  const timestamp = TIMESTAMP.exec(value);
  if (timestamp) return isValidDate(timestamp) && isValidTime(timestamp) ? 'timestamp' : 'text';
  const timestamptz = TIMESTAMPTZ.exec(value);
  if (timestamptz) return isValidDate(timestamptz) && isValidTime(timestamptz) ? 'timestamptz' : 'text';
  return 'text';
}

/** The narrowest type holding values of both types. */
export function widerType(a: InferredType | undefined, b: InferredType): InferredType {
  if (a === undefined || a === b) return b;
  for (const chain of [NUMBER_CHAIN, TIME_CHAIN]) {
    const i = chain.indexOf(a);
    const j = chain.indexOf(b);
    if (i !== -1 && j !== -1) return chain[Math.max(i, j)]!;
  }
  return 'text';
}

/** Whether a regex match's year, month and day groups (1..3) name a real day: `2025-02-30` does not. */
export function isValidDate(match: RegExpExecArray): boolean {
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** Hour, minute and second groups (4..6) in range; PostgreSQL accepts 24:00:00 exactly, as here. */
export function isValidTime(match: RegExpExecArray): boolean {
  const hour = Number(match[4]);
  const minute = Number(match[5]);
  const second = Number(match[6] ?? 0);
  if (hour === 24) return minute === 0 && second === 0;
  return hour < 24 && minute < 60 && second < 60;
}
