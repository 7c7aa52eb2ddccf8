import { dailyTimeline } from './options.js';
import { buildWorld } from './world.js';
import { createExporter, truthOf } from './world-exports.js';
import { formatDate, SECONDS_PER_DAY } from './time.js';
import { windowDayStarts } from './timeline.js';
import type { Dataset } from './rows.js';
import type { DailyExportOptions } from './options.js';

/** One day's export: the CDC rows that arrived that day and the full products and order_items snapshots. */
export interface DailyExport {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly dataset: Dataset;
}

/** A base export and the daily exports that follow it. */
export interface DailyExports {
  /** The first daily export's day, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** The last daily export's day, `YYYY-MM-DD`; the data ends at its 23:59:59. */
  readonly endDate: string;
  /** Everything that arrived before `startDate`; products and order_items as of the evening before. */
  readonly base: Dataset;
  readonly days: readonly DailyExport[];
  /**
   * The truth after the last day: what loading the base and then each day with CDC deduplication (latest CDC value
   * per key; products and order_items replaced) must give. Computed from the generator's model, not from the files.
   */
  finalState(): Dataset;
}

/**
 * A base export and `days` daily exports. Each day holds that day's new records, new versions of records already
 * exported, and records arriving 1–10 days late (at least one order more than 3 days late). Throws ConfigError on
 * invalid options.
 */
export function generateDailyExports(options: DailyExportOptions): DailyExports {
  const timeline = dailyTimeline(options);
  const world = buildWorld({ orders: options.orders, seed: options.seed, timeline, ordersPerDay: options.ordersPerDay });
  const starts = windowDayStarts(timeline);
  const truth = truthOf(world);
  const exporter = createExporter(world);
  return {
    startDate: formatDate(timeline.windowStart),
    endDate: formatDate(timeline.end),
    base: exporter.between(-Infinity, timeline.windowStart - 1),
    days: starts.map((dayStart) => ({
      date: formatDate(dayStart),
      dataset: exporter.between(dayStart, dayStart + SECONDS_PER_DAY - 1),
    })),
    finalState: () => truth,
  };
}
