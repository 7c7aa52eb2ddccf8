import { join, resolve } from 'node:path';
import { readPreviousRun, RUN_RESULTS_FILE } from '../artifacts/write-run-results.js';
import { loadProject } from '../project/load-project.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { projectLoadOptions } from './prepare-project.js';
import type { SeedCommandOptions } from './run-seed.js';

/** The nodes `retry` selects from the last run_results.json: what errored or failed, and what was not run. */
export const RETRY_SELECTION = ['result:error', 'result:fail', 'result:skipped'] as const;

/** The commands retry repeats, loaded lazily as the CLI does. */
const COMMANDS: Record<string, () => Promise<(options: SeedCommandOptions) => Promise<RunOutcome>>> = {
  run: async () => (await import('./run-models.js')).run,
  build: async () => (await import('./build.js')).build,
  seed: async () => (await import('./seed.js')).seed,
  test: async () => (await import('./test.js')).test,
  snapshot: async () => (await import('./snapshot.js')).snapshot,
};

/**
 * `trevco retry`: repeats the last `run`, `build`, `seed` or `test` for what did not succeed — nodes that errored
 * or failed (a microbatch model with a failed batch counts), the ones skipped because of them, and, after a
 * crash or a kill, the ones that never finished (run_results.json is kept current while a command runs) — with
 * that command's run date, flags and vars (each given again on the command line wins). `result:skipped` already
 * holds every dependent of a failure, so no `+` is needed; what succeeded is not run again. A microbatch model
 * forgets a failed batch, so the retry builds it as a gap. Like dbt's retry, it writes a new run_results.json
 * with only the retried nodes.
 */
export async function retry(options: CommandOptions = {}): Promise<RunOutcome> {
  const root = resolve(options.projectDir ?? '.');
  const project = loadProject(root, projectLoadOptions(options));
  // A corrupt file is an error naming it; a run that was killed left `complete: false` and its unfinished
  // nodes as skipped (RunResultsProgress), which the selection below picks up.
  const previous = readPreviousRun(project.config.root, project.config.paths.target);
  if (!previous) {
    throw new ConfigError(`there is nothing to retry: ${join(project.config.paths.target, RUN_RESULTS_FILE)} does not exist`, { hint: 'run `trevco run` first' });
  }
  const args = previous.args;
  const command = typeof args.command === 'string' ? args.command : 'run';
  const load = COMMANDS[command];
  if (!load) throw new ConfigError(`the last command was '${command}'; retry repeats a run, build, seed, test or snapshot`);
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const flag = (value: unknown): boolean | undefined => (value === true ? true : undefined);
  const repeated: SeedCommandOptions = {
    ...options,
    select: [...RETRY_SELECTION],
    exclude: undefined,
    runDate: options.runDate ?? text(args.run_date),
    fullRefresh: options.fullRefresh ?? flag(args.full_refresh),
    eventTimeStart: options.eventTimeStart ?? text(args.event_time_start),
    eventTimeEnd: options.eventTimeEnd ?? text(args.event_time_end),
    vars: options.vars ?? (args.vars as Record<string, unknown> | undefined),
    target: options.target ?? text(args.target),
    incremental: flag(args.incremental),
    csvDir: text(args.csv_dir),
    onBadRows: args.on_bad_rows === 'quarantine' ? 'quarantine' : undefined,
  };
  return (await load())(repeated);
}
