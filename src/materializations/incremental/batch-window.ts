import { ConfigError } from '../../errors/trevco-error.js';

import { BATCH_SIZES, type BatchSize } from '../../config/node-config-schema.js';

// The one definition is the node-config schema's; re-exported for the microbatch code.
export { BATCH_SIZES, type BatchSize };

/** One microbatch: rows whose event_time is in [start, end). Times are UTC, as 'YYYY-MM-DD HH:MM:SS'. */
export interface BatchWindow {
  readonly start: string;
  readonly end: string;
}

/** The batch holding `instant` (floored to the batch size). */
export function batchContaining(instant: Date, size: BatchSize): BatchWindow {
  const start = floor(instant, size);
  return { start: format(start), end: format(advance(start, size, 1)) };
}

/** Every batch from the one holding `from` through the one holding `through`, in order. */
export function batchesBetween(from: Date, through: Date, size: BatchSize): BatchWindow[] {
  const batches: BatchWindow[] = [];
  for (let start = floor(from, size); start.getTime() <= through.getTime(); start = advance(start, size, 1)) {
    batches.push({ start: format(start), end: format(advance(start, size, 1)) });
  }
  return batches;
}

/** The last batch that starts on the run date (the day itself for daily batches, 23:00 for hourly, its month for monthly). */
export function currentBatch(runDate: string, size: BatchSize): BatchWindow {
  const day = parseInstant(runDate, 'run date');
  return batchContaining(size === 'hour' ? new Date(day.getTime() + 23 * 3600_000) : day, size);
}

/** The batch `count` batches before `batch`. */
export function batchBefore(batch: BatchWindow, size: BatchSize, count: number): BatchWindow {
  const start = advance(parseInstant(batch.start, 'batch start'), size, -count);
  return { start: format(start), end: format(advance(start, size, 1)) };
}

/** Parses '2025-01-01', '2025-01-01 06:00' or an ISO timestamp; no zone means UTC. */
export function parseInstant(text: string, what: string): Date {
  const trimmed = text.trim();
  const withZone = /[zZ]|[+-]\d{2}(:?\d{2})?$/.test(trimmed.slice(10)) ? trimmed : `${trimmed.length === 10 ? `${trimmed}T00:00:00` : trimmed.replace(' ', 'T')}Z`;
  const parsed = new Date(withZone);
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed) || Number.isNaN(parsed.getTime())) {
    throw new ConfigError(`the ${what} '${text}' is not a date or timestamp such as 2025-01-31 or 2025-01-31 06:00`);
  }
  return parsed;
}

/** A batch bound as a SQL literal (generated, never user text). */
export function timestampLiteral(value: string): string {
  return `'${value}'::timestamp`;
}

function floor(instant: Date, size: BatchSize): Date {
  const y = instant.getUTCFullYear();
  const m = instant.getUTCMonth();
  if (size === 'month') return new Date(Date.UTC(y, m, 1));
  if (size === 'day') return new Date(Date.UTC(y, m, instant.getUTCDate()));
  return new Date(Date.UTC(y, m, instant.getUTCDate(), instant.getUTCHours()));
}

function advance(start: Date, size: BatchSize, count: number): Date {
  if (size === 'month') return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1));
  return new Date(start.getTime() + count * (size === 'day' ? 86_400_000 : 3_600_000));
}

function format(instant: Date): string {
  return instant.toISOString().slice(0, 19).replace('T', ' ');
}
