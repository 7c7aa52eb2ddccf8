import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProject } from '../project/load-project.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { projectLoadOptions } from './prepare-project.js';
import { run } from './run-models.js';

/** The nodes `retry` selects from the last run_results.json. */
export const RETRY_SELECTION = ['result:error', 'result:skipped'] as const;

/**
 * `trevco retry`: re-runs what did not succeed in the last `run` — the models that errored (a microbatch model
 * with a failed batch counts) and the ones skipped because of them — with the same run date, `--full-refresh`,
 * `--event-time-start/end` and vars. `result:skipped` already holds every dependent of a failure, so no `+` is
 * needed; models that succeeded are not rebuilt. A microbatch model forgets a failed batch, so the retry builds it
 * as a gap. Like dbt's retry, it writes a new run_results.json with only the retried nodes.
 */
export async function retry(options: CommandOptions = {}): Promise<RunOutcome> {
  const root = resolve(options.projectDir ?? '.');
  const project = loadProject(root, projectLoadOptions(options));
  const path = join(project.config.root, project.config.paths.target, 'run_results.json');
  let previous: { args?: Record<string, unknown> };
  try {
    previous = JSON.parse(readFileSync(path, 'utf8')) as { args?: Record<string, unknown> };
  } catch {
    throw new ConfigError(`there is nothing to retry: ${path} cannot be read`, { hint: 'run `trevco run` first' });
  }
  const args = previous.args ?? {};
  if (args.command !== undefined && args.command !== 'run') {
    throw new ConfigError(`the last command was '${String(args.command)}'; retry repeats a 'run'`);
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return run({
    ...options,
    select: [...RETRY_SELECTION],
    exclude: undefined,
    runDate: options.runDate ?? text(args.run_date),
    fullRefresh: options.fullRefresh ?? (args.full_refresh === true ? true : undefined),
    eventTimeStart: options.eventTimeStart ?? text(args.event_time_start),
    eventTimeEnd: options.eventTimeEnd ?? text(args.event_time_end),
    vars: options.vars ?? (args.vars as Record<string, unknown> | undefined),
    target: options.target ?? text(args.target),
  });
}
