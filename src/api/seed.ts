import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import type { RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { runSeed, type SeedCommandOptions } from './run-seed.js';
import { isLoadable } from './seed-jobs.js';

/** `trevco seed`: loads seeds/ CSVs and the CSV exports sources declare, in parallel where the target allows. */
export async function seed(options: SeedCommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  const ids = selectLoadable(compiled, options);
  const { adapter, release } = await connect(compiled.target, options);
  let results;
  try {
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: `${ids.length} seed${ids.length === 1 ? '' : 's'} and source${ids.length === 1 ? '' : 's'}`, target: compiled.target.name });
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: ids.map((id) => loadable(compiled, id).relation.schema),
      label: (id) => nodeLabel(loadable(compiled, id), 'seed file'),
      runNode: (id) => runSeed(adapter, compiled, loadable(compiled, id), options),
    }, options);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, { command: 'seed', select: options.select ?? [], exclude: options.exclude ?? [], incremental: Boolean(options.incremental) });
}

function selectLoadable(compiled: CompiledProject, options: SeedCommandOptions): string[] {
  return selectForCommand(compiled, options, { resourceTypes: ['seed', 'source'] }).filter((id) => isLoadable(compiled.nodes.get(id) as SeedNode | SourceNode));
}

function loadable(compiled: CompiledProject, id: string): SeedNode | SourceNode {
  return compiled.nodes.get(id) as SeedNode | SourceNode;
}
