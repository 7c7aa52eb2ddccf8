import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

describe('Rng', () => {
  it('gives the same sequence for the same seed and stream', () => {
    const a = Rng.create(7, 'orders');
    const b = Rng.create(7, 'orders');
    expect(Array.from({ length: 50 }, () => a.nextUint32())).toEqual(Array.from({ length: 50 }, () => b.nextUint32()));
  });

  it('gives different sequences for different seeds or streams', () => {
    const first = (rng: Rng) => Array.from({ length: 5 }, () => rng.nextUint32());
    expect(first(Rng.create(7, 'orders'))).not.toEqual(first(Rng.create(8, 'orders')));
    expect(first(Rng.create(7, 'orders'))).not.toEqual(first(Rng.create(7, 'sessions')));
    expect(first(Rng.create(2 ** 40 + 7))).not.toEqual(first(Rng.create(7)));
  });

  it('is pinned: a known seed gives known values, on every platform', () => {
    const rng = Rng.create(1, 'pin');
    expect(Array.from({ length: 3 }, () => rng.nextUint32())).toMatchInlineSnapshot(`
      [
        1840725383,
        3291942483,
        2843392093,
      ]
    `);
  });

  it('keeps int() within bounds and reaches both ends', () => {
    const rng = Rng.create(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const value = rng.int(-2, 3);
      expect(value).toBeGreaterThanOrEqual(-2);
      expect(value).toBeLessThanOrEqual(3);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2, 3]);
  });

  it('draws weighted values in proportion and never a zero-weight one', () => {
    const rng = Rng.create(4);
    const counts = { a: 0, b: 0, z: 0 };
    for (let i = 0; i < 10_000; i++) counts[rng.weighted([['a', 3], ['z', 0], ['b', 1]] as const)]++;
    expect(counts.z).toBe(0);
    expect(counts.a / counts.b).toBeGreaterThan(2.5);
    expect(counts.a / counts.b).toBeLessThan(3.5);
  });
});
