/**
 * Instants are whole seconds since 1970-01-01T00:00:00 on a zone-less clock (computed as UTC, printed without a
 * zone), because the export's timestamps carry no zone and the generator must not depend on the machine's zone.
 */
/** Days have no leap seconds on this clock. */
export const SECONDS_PER_DAY = 86_400;

/** The first instant any generated data may carry. */
export const DATA_START_DATE = '2020-01-01';

/** The default last day of generated data, fixed so the default output is reproducible. */
export const DEFAULT_END_DATE = '2025-10-31';

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight of a `YYYY-MM-DD` date, or undefined when the text is not a real calendar date. */
export function parseDate(text: string): number | undefined {
  const match = DATE_PATTERN.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (formatDate(ms / 1000) !== text) return undefined; // rejects 2025-02-30 and friends
  return ms / 1000;
}

/** `2025-01-31T23:07:42` */
export function formatTimestamp(instant: number): string {
  return new Date(instant * 1000).toISOString().slice(0, 19);
}

/** `2025-01-31` */
export function formatDate(instant: number): string {
  return new Date(instant * 1000).toISOString().slice(0, 10);
}

/** Midnight of the day holding `instant`. */
export function startOfDay(instant: number): number {
  return Math.floor(instant / SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

/** Parses a timestamp written by {@link formatTimestamp}. */
export function parseTimestamp(text: string): number {
  return Date.parse(`${text}Z`) / 1000;
}
