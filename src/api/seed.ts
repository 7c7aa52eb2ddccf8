import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import type { RunOutcome } from './command-options.js';
import { runCommand, type Command } from './command-runner.js';
import { runSeed, type SeedCommandOptions } from './run-seed.js';
import { isLoadable } from './seed-jobs.js';

/** `trevco seed`: loads seeds/ CSVs and the CSV exports sources declare, in parallel where the target allows. */
export const SEED_COMMAND: Command<SeedCommandOptions> = {
  name: 'seed',
  resourceTypes: ['seed', 'source'],
  rewriteSelect: (compiled, select) => select.map((argument) => sourceTableShorthand(compiled, argument)),
  keep: (ids, { compiled }) => ids.filter((id) => isLoadable(compiled.nodes.get(id) as SeedNode | SourceNode)),
  runners: {
    seed: (id, { adapter, compiled, options }) => runSeed(adapter, compiled, compiled.nodes.get(id) as SeedNode, options),
    source: (id, { adapter, compiled, options }) => runSeed(adapter, compiled, compiled.nodes.get(id) as SourceNode, options),
  },
  writes: true,
  // Everything `retry` needs to repeat this load exactly (the folder read, the window, bad-row handling).
  args: (_compiled, options) => ({
    incremental: Boolean(options.incremental), full_refresh: Boolean(options.fullRefresh), run_date: options.runDate ?? null,
    csv_dir: options.csvDir ?? null, on_bad_rows: options.onBadRows ?? 'fail', vars: options.vars ?? {},
  }),
};

export function seed(options: SeedCommandOptions = {}): Promise<RunOutcome> {
  return runCommand(SEED_COMMAND, options);
}

/**
 * In `trevco seed`, a bare name that is a CSV-backed source table and no seed (`--select orders`) means that
 * source (`source:raw.orders`): users think of the file they load. Elsewhere, as in dbt, sources need `source:`.
 */
function sourceTableShorthand(compiled: CompiledProject, argument: string): string {
  return argument.split(/\s+/).map((selector) => {
    const match = /^(\d*\+)?([A-Za-z_][A-Za-z0-9_]*)(\+\d*)?$/.exec(selector);
    if (!match) return selector;
    const name = match[2]!;
    const nodes = [...compiled.nodes.values()];
    if (nodes.some((node) => node.resourceType === 'seed' && node.name === name)) return selector;
    const source = nodes.find((node): node is SourceNode => node.resourceType === 'source' && node.name === name && isLoadable(node));
    return source ? `${match[1] ?? ''}source:${source.sourceName}.${name}${match[3] ?? ''}` : selector;
  }).join(' ');
}
