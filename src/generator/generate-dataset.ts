import { fullTimeline } from './options.js';
import { buildWorld } from './world.js';
import { fullExport, truthOf } from './world-exports.js';
import type { Dataset } from './rows.js';
import type { GenerateOptions } from './options.js';

/**
 * One full export: every version of every record up to the end date, as the seven files would hold it, mess
 * included (repeated keys with later CDC values, late rows out of order, awkward text). Deterministic: the same
 * options give the same rows. Throws ConfigError on invalid options.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  return fullExport(buildWorld({ orders: options.orders, seed: options.seed, timeline: fullTimeline(options) }));
}

/** The data set and the state a correct CDC load of it must reach (one row per key, its latest version). */
export function generateDatasetWithTruth(options: GenerateOptions): { readonly dataset: Dataset; readonly truth: Dataset } {
  const world = buildWorld({ orders: options.orders, seed: options.seed, timeline: fullTimeline(options) });
  return { dataset: fullExport(world), truth: truthOf(world) };
}
