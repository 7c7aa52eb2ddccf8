import type { Rng } from './rng.js';

/**
 * Picks, at random and by weight, one of the items that became available before a given instant (a customer who
 * has signed up, a product that is on sale). Items are sorted once by availability, so each pick is a binary search
 * over cumulative weights.
 */
export class PrefixPicker<T> {
  private readonly items: readonly T[];
  private readonly times: readonly number[];
  private readonly cumulative: readonly number[];

  constructor(items: readonly T[], availableAt: (item: T) => number, weight: (item: T) => number = () => 1) {
    this.items = [...items].sort((a, b) => availableAt(a) - availableAt(b));
    this.times = this.items.map(availableAt);
    let total = 0;
    this.cumulative = this.items.map((item) => (total += weight(item)));
  }

  /** How many items are available strictly before `instant`. */
  countBefore(instant: number): number {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid]! < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The earliest availability, or undefined when there are no items. */
  first(): T | undefined {
    return this.items[0];
  }

  /** A weighted pick among the items available before `instant`; undefined when there are none. */
  pick(rng: Rng, instant: number): T | undefined {
    const count = this.countBefore(instant);
    if (count === 0) return undefined;
    const roll = rng.next() * this.cumulative[count - 1]!;
    let lo = 0;
    let hi = count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > roll) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
