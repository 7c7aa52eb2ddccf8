import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { readPreviousResults, writeRunResults } from '../artifacts/write-run-results.js';
import { writeManifest } from '../artifacts/write-manifest.js';
import { selectNodes } from '../graph/selection/select-nodes.js';
import type { RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { executeSelection, succeeded } from './execute-selection.js';
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
  const elapsedSeconds = (performance.now() - started) / 1000;
  const artifacts = [
    writeManifest(compiled),
    writeRunResults(compiled, results, elapsedSeconds, { command: 'seed', select: options.select ?? [], incremental: Boolean(options.incremental), target: compiled.target.name }),
  ];
  return { results, elapsedSeconds, success: succeeded(results), artifacts };
}

function selectLoadable(compiled: CompiledProject, options: SeedCommandOptions): string[] {
  const previousResults = readPreviousResults(compiled.project.config.root, compiled.project.config.paths.target);
  const selection = selectNodes(compiled.graph, { select: options.select, exclude: options.exclude, resourceTypes: ['seed', 'source'], previousResults });
  for (const selector of selection.unmatched) options.onEvent?.({ type: 'warning', message: `the selection criterion '${selector}' does not match any node` });
  return selection.ids.filter((id) => isLoadable(compiled.nodes.get(id) as SeedNode | SourceNode));
}

function loadable(compiled: CompiledProject, id: string): SeedNode | SourceNode {
  return compiled.nodes.get(id) as SeedNode | SourceNode;
}
