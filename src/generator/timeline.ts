import type { Rng } from './rng.js';
import { SECONDS_PER_DAY } from './time.js';

/**
 * The span the data covers. In daily-export mode the last `windowDays` days form the window that is exported one
 * day at a time; everything before `windowStart` is history (exported as the base). Without a window,
 * `windowStart` is `end + 1` and `windowDays` is 0.
 */
export interface Timeline {
  /** The first second of data (2020-01-01T00:00:00). */
  readonly start: number;
  /** The last second of data (23:59:59 of the end date). */
  readonly end: number;
  readonly windowStart: number;
  readonly windowDays: number;
}

/** How much busier the shop is at the end of history than at its start: traffic grows linearly. */
const GROWTH = 3;

/** Relative traffic by hour of day: quiet at night, busiest in the evening. */
const HOUR_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 3], [1, 2], [2, 1], [3, 1], [4, 1], [5, 1], [6, 2], [7, 3], [8, 4], [9, 5], [10, 6], [11, 6],
  [12, 7], [13, 7], [14, 6], [15, 6], [16, 6], [17, 7], [18, 8], [19, 9], [20, 10], [21, 9], [22, 7], [23, 5],
];

/** Midnight of each day of the window, oldest first. */
export function windowDayStarts(timeline: Timeline): readonly number[] {
  return Array.from({ length: timeline.windowDays }, (_, i) => timeline.windowStart + i * SECONDS_PER_DAY);
}

/** The number of whole days of history (before the window). */
export function historyDays(timeline: Timeline): number {
  return Math.round((timeline.windowStart - timeline.start) / SECONDS_PER_DAY);
}

/** What a uniform growth curve gives the last day of history, for `count` records spread over all of history. */
export function naturalPerDay(timeline: Timeline, count: number): number {
  const days = historyDays(timeline) + timeline.windowDays;
  return (count * (1 + GROWTH)) / ((1 + GROWTH / 2) * days);
}

/** A random second of the day starting at `dayStart`, weighted towards busy hours. */
export function instantInDay(rng: Rng, dayStart: number): number {
  return dayStart + rng.weighted(HOUR_WEIGHTS) * 3600 + rng.int(0, 3599);
}

/** A random instant of history, drawn from the growth curve (more recent days are busier). */
export function historyInstant(rng: Rng, timeline: Timeline): number {
  // Inverse CDF of the density 1 + GROWTH·x on [0, 1).
  const u = rng.next();
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * u * (1 + GROWTH / 2))) / GROWTH;
  const day = Math.min(historyDays(timeline) - 1, Math.floor(x * historyDays(timeline)));
  return instantInDay(rng, timeline.start + day * SECONDS_PER_DAY);
}

/**
 * `count` creation instants, sorted: exactly `perWindowDay` on each day of the window and the rest drawn from the
 * growth curve over history. The fixed quota keeps every daily export busy even when the data set is small.
 */
export function scheduleInstants(rng: Rng, timeline: Timeline, count: number, perWindowDay: number): number[] {
  const instants: number[] = [];
  for (const dayStart of windowDayStarts(timeline)) {
    for (let i = 0; i < perWindowDay; i++) instants.push(instantInDay(rng, dayStart));
  }
  while (instants.length < count) instants.push(historyInstant(rng, timeline));
  return instants.sort((a, b) => a - b);
}
