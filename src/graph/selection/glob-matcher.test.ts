import { describe, expect, it } from 'vitest';
import { globMatcher, hasGlob } from './glob-matcher.js';

describe('globMatcher', () => {
  it.each([
    ['stg_*', 'stg_orders', true],
    ['stg_*', 'fact_orders', false],
    ['stg_*', 'stg_', true],
    ['*orders', 'fact_orders', true],
    ['stg_?rders', 'stg_orders', true],
    ['stg_[op]*', 'stg_payments', true],
    ['stg_[!op]*', 'stg_payments', false],
    ['stg_[]x]', 'stg_]', true],
    ['a[b', 'a[b', true],
    ['fact.orders', 'factxorders', false],
    ['models/*', 'models/a.sql', true],
    ['models/*', 'models/marts/a.sql', false],
    ['models/**', 'models/marts/a.sql', true],
    ['models/**/a.sql', 'models/a.sql', true],
    ['models/**/a.sql', 'models/x/y/a.sql', true],
    ['models/*/a.sql', 'models/a.sql', false],
    ['Stg_*', 'stg_orders', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(globMatcher(pattern)(text)).toBe(expected);
  });

  it('compares plainly when there is no glob syntax', () => {
    expect(hasGlob('stg_orders')).toBe(false);
    expect(globMatcher('a.b')('a.b')).toBe(true);
    expect(globMatcher('a.b')('a_b')).toBe(false);
  });
});
