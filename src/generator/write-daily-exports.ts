import { join } from 'node:path';
import { writeDataset } from './write-dataset.js';
import type { DailyExports } from './daily-exports.js';

/** Where each export of a daily-export run goes under an output directory. */
export function dailyExportDirs(exports: DailyExports, dir: string): { readonly base: string; readonly days: readonly string[] } {
  return { base: join(dir, 'base'), days: exports.days.map((day) => join(dir, 'daily', day.date)) };
}

/** Writes `dir/base/*.csv` and `dir/daily/YYYY-MM-DD/*.csv` (seven files each) and returns the directories. */
export async function writeDailyExports(exports: DailyExports, dir: string): Promise<readonly string[]> {
  const dirs = dailyExportDirs(exports, dir);
  await writeDataset(exports.base, dirs.base);
  for (const [index, day] of exports.days.entries()) await writeDataset(day.dataset, dirs.days[index]!);
  return [dirs.base, ...dirs.days];
}
