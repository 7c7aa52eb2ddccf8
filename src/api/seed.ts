import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import type { RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { describeNodes, nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { runSeed, type SeedCommandOptions } from './run-seed.js';
import { isLoadable } from './seed-jobs.js';

/** `trevco seed`: loads seeds/ CSVs and the CSV exports sources declare, in parallel where the target allows. */
export async function seed(options: SeedCommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  const ids = selectLoadable(compiled, options);
  // Everything `retry` needs to repeat this load exactly (the folder read, the window, bad-row handling).
  const args = {
    command: 'seed', select: options.select ?? [], exclude: options.exclude ?? [], incremental: Boolean(options.incremental),
    full_refresh: Boolean(options.fullRefresh), run_date: options.runDate ?? null, csv_dir: options.csvDir ?? null,
    on_bad_rows: options.onBadRows ?? 'fail', vars: options.vars ?? {},
  };
  const { adapter, release } = await connect(compiled.target, options, { command: 'seed', writes: true });
  let results;
  try {
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: ids.map((id) => loadable(compiled, id).relation.schema),
      label: (id) => nodeLabel(loadable(compiled, id)),
      runNode: (id) => runSeed(adapter, compiled, loadable(compiled, id), options),
      args,
    }, options);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, args);
}

function selectLoadable(compiled: CompiledProject, options: SeedCommandOptions): string[] {
  const select = options.select?.map((argument) => sourceTableShorthand(compiled, argument));
  return selectForCommand(compiled, { ...options, select }, { resourceTypes: ['seed', 'source'] }).filter((id) => isLoadable(compiled.nodes.get(id) as SeedNode | SourceNode));
}

function loadable(compiled: CompiledProject, id: string): SeedNode | SourceNode {
  return compiled.nodes.get(id) as SeedNode | SourceNode;
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
