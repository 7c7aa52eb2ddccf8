import { SECONDS_PER_DAY } from './time.js';
import type { Entity } from './entity.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** Share of new records that reach the export late. */
const LATE_RATE = 0.015;
/** How late, in whole days. */
const LATE_DAYS: readonly (readonly [number, number])[] = [
  [1, 25], [2, 20], [3, 15], [4, 8], [5, 7], [6, 6], [7, 6], [8, 5], [9, 4], [10, 4],
];

/** Whole days a new record reaches the export late: usually 0, sometimes 1 to 10. Drawn when the record is made. */
export function rollLateDays(rng: Rng): number {
  return rng.chance(LATE_RATE) ? rng.weighted(LATE_DAYS) : 0;
}

/**
 * Decides when each version of some records reaches an export. A first version arrives at its CDC instant plus the
 * record's `lateDays`; a later version at its own instant. Nothing arrives before the version it replaces or before
 * the latest version of a record it references (so no daily export holds an order whose customer is still unknown),
 * and nothing after the end of the data.
 *
 * Deterministic, so it may run again after a record gains a version. Parents' arrivals must already be final.
 */
export function assignArrivals(timeline: Timeline, entities: Iterable<Entity<unknown>>): void {
  for (const entity of entities) {
    let floor = 0;
    for (const parent of entity.parents) floor = Math.max(floor, parent.versions[parent.versions.length - 1]!.arrival);
    for (const [index, version] of entity.versions.entries()) {
      const own = index === 0 ? version.at + entity.lateDays * SECONDS_PER_DAY : version.at;
      version.arrival = Math.min(timeline.end, Math.max(own, floor));
      floor = version.arrival;
    }
  }
}
