import { SECONDS_PER_DAY } from './time.js';
import type { Entity } from './entity.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** Share of new records that reach the export late, and how late (whole days, 1 to 10). */
const LATE_RATE = 0.015;
const LATE_DAYS: readonly (readonly [number, number])[] = [
  [1, 25], [2, 20], [3, 15], [4, 8], [5, 7], [6, 6], [7, 6], [8, 5], [9, 4], [10, 4],
];

/**
 * Decides when each version of a table's records reaches an export. A first version arrives at its CDC instant
 * plus its `lateDays` (some records, picked here, arrive 1–10 days late); a later version arrives at its own
 * instant. Nothing arrives before the version it replaces or before the latest version of a record it references
 * (so no daily export holds an order whose customer is still unknown), and nothing after the end of the data.
 *
 * Call it table by table in dependency order: parents' arrivals must be known.
 */
export function assignArrivals(rng: Rng, timeline: Timeline, entities: readonly Entity<unknown>[]): void {
  for (const entity of entities) {
    if (entity.lateDays === 0 && rng.chance(LATE_RATE)) entity.lateDays = rng.weighted(LATE_DAYS);
    let floor = 0;
    for (const parent of entity.parents) floor = Math.max(floor, parent.versions[parent.versions.length - 1]!.arrival);
    for (const [index, version] of entity.versions.entries()) {
      const own = index === 0 ? version.at + entity.lateDays * SECONDS_PER_DAY : version.at;
      version.arrival = Math.min(timeline.end, Math.max(own, floor));
      floor = version.arrival;
    }
  }
}
