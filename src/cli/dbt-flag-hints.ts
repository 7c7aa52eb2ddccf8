import { didYouMean } from '../errors/did-you-mean.js';

/** dbt flags trevco does not take (yet), with what to do instead. */
const DBT_FLAGS: Readonly<Record<string, string>> = {
  '--state': "dbt's --state (state:modified, deferral) is not supported yet; select the nodes by name or with result:error",
  '--defer': "dbt's --defer is not supported yet",
  '--favor-state': "dbt's --favor-state is not supported yet",
  '--indirect-selection': "trevco always selects a model's tests with it (dbt's eager indirect selection)",
  '--resource-type': 'only trevco ls and build take --resource-type',
  '--resource-types': 'trevco spells it --resource-type (ls and build)',
  '--no-version-check': 'trevco has no version check; leave the flag out',
  '--use-colors': 'trevco colours output on a terminal unless NO_COLOR is set; leave the flag out',
  '--no-use-colors': 'set NO_COLOR=1 instead',
  '--log-path': 'trevco writes no log file; use --log-format json and redirect the output',
  '--print': 'leave the flag out',
  '--no-print': 'use -q/--quiet',
  '--write-json': 'trevco always writes run_results.json and manifest.json',
  '--partial-parse': 'partial parsing is on by default; --no-partial-parse turns it off',
  '--macro-debugging': 'not supported',
};

/** The flags trevco does take, for "did you mean". */
const TREVCO_FLAGS = [
  '--select', '--models', '--empty', '--store-failures', '--exclude', '--selector', '--target', '--vars', '--threads', '--full-refresh', '--fail-fast', '--warn-error',
  '--quiet', '--debug', '--log-level', '--log-format', '--profiles-dir', '--profile', '--target-path', '--project-dir', '--no-partial-parse',
  '--run-date', '--event-time-start', '--event-time-end', '--incremental', '--on-bad-rows', '--csv-dir', '--output', '--resource-type',
];

/** A line to add to commander's "unknown option" error: what the dbt flag is to trevco, or the trevco flag it resembles. */
export function dbtFlagHint(message: string): string | undefined {
  const flag = /unknown option '([^'=]+)/.exec(message)?.[1];
  if (!flag) return undefined;
  const note = DBT_FLAGS[flag];
  if (note) return `hint: ${note}`;
  if (message.includes('Did you mean')) return undefined;
  const near = didYouMean(flag, TREVCO_FLAGS);
  return near ? `hint: did you mean ${near}?` : undefined;
}
