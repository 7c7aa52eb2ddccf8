import { ConfigError } from '../errors/trevco-error.js';
import { parseInstant } from '../materializations/incremental/batch-window.js';
import type { CommandOptions } from './command-options.js';

/** The run-shaping flags, parsed and checked once, before anything runs; this value reaches the materializations. */
export interface RunFlags {
  readonly fullRefresh: boolean;
  /** `--run-date`, YYYY-MM-DD; undefined: today (UTC) at compile. */
  readonly runDate?: string;
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
}

const RUN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Bad values are usage errors (exit 2), whether or not a model they apply to is selected. */
export function parseRunFlags(options: CommandOptions): RunFlags {
  if (options.runDate !== undefined && (!RUN_DATE.test(options.runDate) || Number.isNaN(Date.parse(`${options.runDate}T00:00:00Z`)))) {
    throw new ConfigError(`--run-date must be a date as YYYY-MM-DD, found '${options.runDate}'`);
  }
  const eventTimeStart = options.eventTimeStart === undefined ? undefined : parseInstant(options.eventTimeStart, '--event-time-start');
  const eventTimeEnd = options.eventTimeEnd === undefined ? undefined : parseInstant(options.eventTimeEnd, '--event-time-end');
  if (eventTimeStart && eventTimeEnd && eventTimeEnd.getTime() <= eventTimeStart.getTime()) {
    throw new ConfigError(`--event-time-end (${options.eventTimeEnd}) must be after --event-time-start (${options.eventTimeStart})`);
  }
  return { fullRefresh: options.fullRefresh === true, runDate: options.runDate, eventTimeStart, eventTimeEnd };
}
