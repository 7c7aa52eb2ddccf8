import { isFloat, makeFloat, num, type PyFloat } from './py-values.js';

/**
 * Python's round(x, n): correctly rounded on the float's exact binary value, ties to even. toFixed rounds the
 * exact value too but sends ties up, so an exact tie (only possible when the digits after position n are a
 * single 5) is settled here.
 */
export function pyRound(value: unknown, precision: number): number | PyFloat {
  const x = num(value);
  if (!isFloat(value)) {
    if (precision >= 0) return x;
    const factor = 10 ** -precision;
    return roundHalfEven(x / factor) * factor;
  }
  if (!Number.isFinite(x)) return x;
  if (precision < 0) {
    const factor = 10 ** -precision;
    return makeFloat(roundHalfEven(x / factor) * factor);
  }
  const rounded = Number(toFixedHalfEven(Math.abs(x), Math.min(100, precision)));
  return makeFloat(x < 0 ? -rounded : rounded);
}

/** `x.toFixed(digits)` with Python's rounding: an exact tie goes to the even digit (toFixed sends it up). */
export function toFixedHalfEven(x: number, digits: number): string {
  const fixed = x.toFixed(digits);
  if (!Number.isFinite(x) || Math.abs(x) >= 1e21) return fixed;
  const exact = Math.abs(x).toFixed(100);
  const [whole, fraction = ''] = exact.split('.') as [string, string];
  const rest = fraction.slice(digits);
  if (!/^50*$/.test(rest)) return fixed;
  const kept = fraction.slice(0, digits);
  const lastDigit = Number((kept || whole).slice(-1));
  if (lastDigit % 2 !== 0) return fixed;
  const truncated = kept ? `${whole}.${kept}` : whole;
  return x < 0 ? `-${truncated}` : truncated;
}

function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `x.toExponential(digits)` with Python's rounding (an exact tie goes to the even digit), for `%e` and `{:e}`.
 * Exact ties are only possible for values with a short exact decimal form, which toFixed(100) shows whole.
 */
export function toExponentialHalfEven(x: number, digits: number): string {
  const plain = x.toExponential(digits);
  const magnitude = Math.abs(x);
  if (!Number.isFinite(x) || magnitude === 0 || magnitude >= 1e21 || magnitude < 1e-80) return plain;
  const exact = magnitude.toFixed(100).replace('.', '');
  const firstDigit = exact.search(/[1-9]/);
  const significant = exact.slice(firstDigit).replace(/0+$/, '');
  if (significant.length !== digits + 2 || !significant.endsWith('5')) return plain;
  const kept = significant.slice(0, digits + 1);
  if (Number(kept.slice(-1)) % 2 !== 0) return plain;
  const [, exponent] = plain.split('e') as [string, string];
  const mantissa = kept.length > 1 ? `${kept[0]}.${kept.slice(1)}` : kept;
  return `${x < 0 ? '-' : ''}${mantissa}e${exponent}`;
}
