import { describe, expect, it } from 'vitest';
import { discountedCents, toCents, toDollars } from './money.js';

describe('discountedCents', () => {
  it('rounds half away from zero, as PostgreSQL round(numeric, 2) does', () => {
    // 0.05 × 0.9 = 0.045 → 0.05
    expect(discountedCents(5, 1000)).toBe(5);
    // 10.01 × 0.875 = 8.75875 → 8.76
    expect(discountedCents(1001, 1250)).toBe(876);
    // 1.99 × 0.95 = 1.8905 → 1.89
    expect(discountedCents(199, 500)).toBe(189);
  });

  it('is the identity without a discount', () => {
    expect(discountedCents(123_456, 0)).toBe(123_456);
  });
});

describe('toCents / toDollars', () => {
  it('round-trips two-decimal amounts exactly', () => {
    for (const cents of [0, 1, 99, 1005, 29_999, 123_456_789]) expect(toCents(toDollars(cents))).toBe(cents);
    expect(toDollars(1005).toFixed(2)).toBe('10.05');
  });
});
