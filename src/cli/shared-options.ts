import { Command, InvalidArgumentError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import type { CommandOptions, RunOutcome } from '../api/command-options.js';
import { Reporter, type LogFormat } from './reporter.js';

/** Flags as commander hands them over. */
export interface CliFlags {
  projectDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  select?: string[];
  exclude?: string[];
  threads?: number;
  fullRefresh?: boolean;
  runDate?: string;
  eventTimeStart?: string;
  eventTimeEnd?: string;
  profilesDir?: string;
  profile?: string;
  targetPath?: string;
  models?: string[];
  selector?: string;
  failFast?: boolean;
  warnError?: boolean;
  quiet?: boolean;
  debug?: boolean;
  logLevel?: 'debug' | 'info' | 'warn' | 'error' | 'none';
  partialParse?: boolean;
  empty?: boolean;
  storeFailures?: boolean;
  lockTimeout?: number;
  logFormat: LogFormat;
}

/** `--project-dir`, `--target`, `--vars`, `--log-format`: every command that reads the project takes them. */
export function withProjectOptions(command: Command): Command {
  return command
    .option('--project-dir <dir>', 'folder holding project.yml', '.')
    .option('-t, --target <name>', 'target from project.yml (default: the project default)')
    .option('--vars <json-or-yaml>', 'override project vars, e.g. \'{"lookback_days": 7}\'', parseVars)
    .option('--profiles-dir <dir>', 'dbt projects: the folder holding profiles.yml (default: $DBT_PROFILES_DIR, the project, ~/.dbt)')
    .option('--profile <name>', "dbt projects: the profile to use instead of dbt_project.yml's")
    .option('--target-path <dir>', 'where compiled SQL and artifacts go (default: the project\'s target path)')
    .option('--no-partial-parse', 'neither read nor write target/partial_parse.json (parse every template again)')
    .option('-q, --quiet', 'print only errors (and the closing summary)')
    .option('--debug', "dbt's --debug: the same as --log-level debug")
    .addOption(new Option('--log-level <level>', 'debug and info print everything; warn and error print only problems; none nothing but errors').choices(['debug', 'info', 'warn', 'error', 'none']))
    .addOption(new Option('--log-format <format>', 'text for people, json for machines').choices(['text', 'json']).default('text'));
}

/** `-x/--fail-fast` and `--warn-error`: commands that run nodes take them, as in dbt. */
export function withExecutionFlags(command: Command): Command {
  return command
    .option('-x, --fail-fast', 'stop after the first error or failure; what has not started is skipped')
    .option('--warn-error', 'treat warnings (tests with severity warn, config warnings) as errors: exit 1')
    .option('--empty', 'refs and sources read zero rows: build every model with its columns and no data')
    .option('--store-failures', 'every data test keeps its failing rows in the audit schema');
}

/** The exit code of a run: a failure, or with --warn-error any warning, is 1. */
export function runExitCode(outcome: RunOutcome, flags: CliFlags, warned: boolean): number {
  if (!outcome.success) return 1;
  if (flags.warnError && (warned || outcome.results.some((result) => result.status === 'warn'))) return 1;
  return 0;
}

/** A Reporter for the flags: --quiet, --log-level warn/error/none print only problems. */
export function reporterFor(flags: CliFlags): Reporter {
  const quiet = flags.quiet === true || flags.logLevel === 'warn' || flags.logLevel === 'error' || flags.logLevel === 'none';
  return new Reporter(flags.logFormat, process.stdout, process.stderr, undefined, quiet);
}

/** `--select`, `--exclude`: dbt's selection syntax. */
export function withSelectionOptions(command: Command): Command {
  return command
    .option('-s, --select <selector...>', "nodes to include (dbt syntax: name, +name, name+, tag:x, path:models/marts, …)")
    .option('-m, --models <selector...>', "dbt's older name for --select")
    .option('--exclude <selector...>', 'nodes to leave out')
    .option('--selector <name>', 'a named selector from selectors.yml');
}

export function withRunOptions(command: Command): Command {
  return command
    .option('--threads <n>', 'models built at once (PostgreSQL; PGlite runs one at a time)', parsePositiveInteger)
    .option('--full-refresh', 'rebuild incremental models and materialized views from scratch (never snapshots: their history cannot be rebuilt)')
    .option('--run-date <YYYY-MM-DD>', "the run's logical date (default: today, UTC)")
    .option('--event-time-start <timestamp>', 'microbatch models: rebuild the batches from this date or timestamp (a backfill)')
    .option('--event-time-end <timestamp>', 'microbatch models: … up to this one, exclusive (default: the end of the run date)');
}

/** `--lock-timeout`: for commands that write, which hold the target's writer lock (see adapters/writer-lock.ts). */
export function withLockOption(command: Command): Command {
  return command.option('--lock-timeout <seconds>', 'wait this long for another command writing to the target to finish, then fail (default 300; 0: fail at once)', parseNonNegativeNumber);
}

export function toCommandOptions(flags: CliFlags, reporter: Reporter): CommandOptions {
  return {
    projectDir: flags.projectDir,
    target: flags.target,
    vars: flags.vars,
    select: flags.select || flags.models ? [...(flags.select ?? []), ...(flags.models ?? [])] : undefined,
    selector: flags.selector,
    failFast: flags.failFast,
    noPartialParse: flags.partialParse === false,
    empty: flags.empty,
    storeFailures: flags.storeFailures,
    exclude: flags.exclude,
    threads: flags.threads,
    fullRefresh: flags.fullRefresh,
    runDate: flags.runDate,
    eventTimeStart: flags.eventTimeStart,
    eventTimeEnd: flags.eventTimeEnd,
    profilesDir: flags.profilesDir,
    profile: flags.profile,
    targetPath: flags.targetPath,
    lockTimeoutSeconds: flags.lockTimeout,
    onEvent: (event) => reporter.event(event),
  };
}

function parseVars(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new InvalidArgumentError(`--vars is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(`--vars must be a mapping such as '{"key": "value"}', found ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

function parseNonNegativeNumber(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) throw new InvalidArgumentError(`expected a number of seconds, 0 or more, found '${text}'`);
  return value;
}

export function parsePositiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError(`expected a positive whole number, found '${text}'`);
  return value;
}

export function parseNonNegativeInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(`expected a whole number of 0 or more, found '${text}'`);
  return value;
}
