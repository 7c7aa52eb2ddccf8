import { listRelations } from '../adapters/relations.js';
import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject, CompiledSnapshot, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { compiledPath } from '../artifacts/write-compiled-sql.js';
import { runSnapshot } from '../executor/run-snapshot.js';
import { runTest as runDataTest } from '../data-tests/run-test.js';
import { blocksDownstream, type NodeResult } from '../executor/node-result.js';
import type { RunOutcome } from './command-options.js';
import { runCommand, type Command, type CommandContext } from './command-runner.js';
import { runModelNode } from './run-models.js';
import { runSeed, type SeedCommandOptions } from './run-seed.js';
import { isLoadable } from './seed-jobs.js';

/**
 * `trevco build`: seeds, sources, snapshots, models and tests in one graph order. A node's tests run right after it, and
 * its children wait for them: a failing error-severity test skips everything downstream of the node it tests
 * (a warning does not).
 *
 * CSV-backed sources hold history that `trevco seed --incremental` merged in, so build does not reload them
 * blindly: it loads a source whose table does not exist yet, merges with `--incremental`, and reloads every
 * one with `--full-refresh`. Seeds (small reference tables) are loaded on every build, as in dbt.
 */
export const BUILD_COMMAND: Command<SeedCommandOptions> = {
  name: 'build',
  indirectTests: true,
  keep: (ids, { compiled, adapter, options }) => selectForBuild(compiled, adapter, ids, options),
  runners: {
    test: (id, { adapter, compiled }) => runDataTest(adapter, compiled, compiled.tests.get(id)!),
    model: runModelNode,
    snapshot: (id, { adapter, compiled }) => runSnapshot(adapter, compiled.nodes.get(id) as CompiledSnapshot, { compiledPath: compiledPath(compiled, compiled.nodes.get(id)!) }),
    seed: (id, context) => loadNode(id, context),
    source: (id, context) => loadNode(id, context),
  },
  runsOnRunHooks: true,
  extraDependencies: (ids, { compiled }) => testsBeforeChildren(compiled, ids),
  // A failed test stops what is built on the node it tests; a test never needs another test.
  blocks: blocksDownstream,
  writes: true,
  // Everything `retry` needs to repeat this build exactly.
  args: (compiled, options) => ({
    incremental: Boolean(options.incremental), full_refresh: Boolean(options.fullRefresh), run_date: compiled.runDate, event_time_start: options.eventTimeStart ?? null,
    event_time_end: options.eventTimeEnd ?? null, csv_dir: options.csvDir ?? null, on_bad_rows: options.onBadRows ?? 'fail', vars: options.vars ?? {},
  }),
};

export function build(options: SeedCommandOptions = {}): Promise<RunOutcome> {
  return runCommand(BUILD_COMMAND, options);
}

function loadNode(id: string, { adapter, compiled, options }: CommandContext<SeedCommandOptions>): Promise<NodeResult> {
  const node = compiled.nodes.get(id) as SeedNode | SourceNode;
  return runSeed(adapter, compiled, node, { ...options, incremental: options.incremental && !options.fullRefresh });
}

async function selectForBuild(compiled: CompiledProject, adapter: Adapter, selected: readonly string[], options: SeedCommandOptions): Promise<string[]> {
  const sources = selected.map((id) => compiled.nodes.get(id)).filter((node): node is SourceNode => node?.resourceType === 'source' && isLoadable(node));
  const loadAll = Boolean(options.fullRefresh || options.incremental);
  const existing = loadAll ? new Set<string>() : await existingRelations(adapter, sources);
  return selected.filter((id) => {
    if (compiled.tests.has(id)) return true;
    const node = compiled.nodes.get(id);
    if (!node) return false;
    if (node.resourceType === 'model') return node.materialized !== 'ephemeral';
    if (node.resourceType === 'snapshot') return true;
    if (node.resourceType === 'seed') return true;
    return isLoadable(node) && (loadAll || !existing.has(`${node.relation.schema}.${node.relation.identifier}`));
  });
}

async function existingRelations(adapter: Adapter, sources: readonly SourceNode[]): Promise<Set<string>> {
  const schemas = [...new Set(sources.map((source) => source.relation.schema))];
  return new Set((await listRelations(adapter, schemas)).map((relation) => `${relation.schema}.${relation.name}`));
}

/**
 * Children of a node wait for that node's tests, so a failing test can stop them. As in dbt, only a child that
 * depends on every node the test reads waits for it: a test reading a model and its child (a reconciliation of
 * a summary against its fact) must not hold that child back, or the two would wait for each other.
 */
function testsBeforeChildren(compiled: CompiledProject, ids: readonly string[]): Map<string, string[]> {
  const selected = new Set(ids);
  const waits = new Map<string, string[]>();
  for (const test of compiled.tests.values()) {
    if (!selected.has(test.id)) continue;
    for (const tested of test.dependsOn) {
      for (const child of compiled.graph.children(tested)) {
        if (!selected.has(child) || compiled.tests.has(child)) continue;
        const upstream = compiled.graph.ancestors(child);
        if (!test.dependsOn.every((id) => upstream.has(id))) continue;
        (waits.get(child) ?? waits.set(child, []).get(child)!).push(test.id);
      }
    }
  }
  return waits;
}
