import { ConfigError } from '../errors/index.js';
import { DATA_START_DATE, DEFAULT_END_DATE, formatDate, parseDate, SECONDS_PER_DAY } from './time.js';
import type { Timeline } from './timeline.js';

/** Options of a single full export (`generateDataset`). */
export interface GenerateOptions {
  /** How many distinct orders the data set holds (updated orders count once). */
  readonly orders: number;
  /** Any safe integer; the same options always give the same data. */
  readonly seed: number;
  /** The last day of data, `YYYY-MM-DD`; default 2025-10-31. Data starts on 2020-01-01. */
  readonly endDate?: string;
}

/** Options of a base export plus daily exports (`generateDailyExports`). */
export interface DailyExportOptions {
  readonly orders: number;
  readonly seed: number;
  /** How many daily exports follow the base (1–366). */
  readonly days: number;
  /** The first daily export's day. Default: `days` days before the end, so the last daily export is `endDate`. */
  readonly startDate?: string;
  /** The last daily export's day; derived from `startDate` when only that is given. Default 2025-10-31. */
  readonly endDate?: string;
  /** New orders on each day of the window (default: what the growth curve gives, at least 5). */
  readonly ordersPerDay?: number;
}

/** The earliest allowed start of daily exports: the base needs some history (and late rows up to 10 days back). */
const EARLIEST_WINDOW_START = '2020-03-01';

/** The timeline of a full export. Throws ConfigError naming the bad option. */
export function fullTimeline(options: GenerateOptions): Timeline {
  checkCounts(options.orders, options.seed);
  const endDay = dateOption('endDate', options.endDate ?? DEFAULT_END_DATE);
  if (endDay < dateOption('start', EARLIEST_WINDOW_START)) {
    throw new ConfigError(`endDate ${options.endDate} is too early`, { hint: `use ${EARLIEST_WINDOW_START} or later` });
  }
  const end = endDay + SECONDS_PER_DAY - 1;
  return { start: parseDate(DATA_START_DATE)!, end, windowStart: end + 1, windowDays: 0 };
}

/** The timeline of a daily-export run. Throws ConfigError naming the bad option. */
export function dailyTimeline(options: DailyExportOptions): Timeline {
  checkCounts(options.orders, options.seed);
  const days = options.days;
  if (!Number.isInteger(days) || days < 1 || days > 366) {
    throw new ConfigError(`days must be an integer from 1 to 366, got ${days}`);
  }
  let windowStart: number;
  if (options.startDate !== undefined) {
    windowStart = dateOption('startDate', options.startDate);
    if (options.endDate !== undefined && dateOption('endDate', options.endDate) !== windowStart + (days - 1) * SECONDS_PER_DAY) {
      throw new ConfigError(`startDate ${options.startDate} plus ${days} days does not end on endDate ${options.endDate}`, {
        hint: 'give startDate or endDate, not both',
      });
    }
  } else {
    windowStart = dateOption('endDate', options.endDate ?? DEFAULT_END_DATE) - (days - 1) * SECONDS_PER_DAY;
  }
  if (windowStart < parseDate(EARLIEST_WINDOW_START)!) {
    throw new ConfigError(`daily exports must start on ${EARLIEST_WINDOW_START} or later, got ${formatDate(windowStart)}`);
  }
  if (options.ordersPerDay !== undefined && (!Number.isInteger(options.ordersPerDay) || options.ordersPerDay < 1)) {
    throw new ConfigError(`ordersPerDay must be a positive integer, got ${options.ordersPerDay}`);
  }
  return {
    start: parseDate(DATA_START_DATE)!,
    end: windowStart + days * SECONDS_PER_DAY - 1,
    windowStart,
    windowDays: days,
  };
}

function checkCounts(orders: number, seed: number): void {
  if (!Number.isInteger(orders) || orders < 1) throw new ConfigError(`orders must be a positive integer, got ${orders}`);
  if (!Number.isSafeInteger(seed)) throw new ConfigError(`seed must be an integer, got ${seed}`);
}

function dateOption(name: string, text: string): number {
  const instant = parseDate(text);
  if (instant === undefined) throw new ConfigError(`${name} must be a date as YYYY-MM-DD, got '${text}'`);
  return instant;
}
