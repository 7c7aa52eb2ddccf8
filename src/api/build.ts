import { listRelations } from '../adapters/relations.js';
import type { Adapter } from '../adapters/adapter.js';
import { compiledPath, writeCompiledSql } from '../artifacts/write-compiled-sql.js';
import { runSnapshot } from '../executor/run-snapshot.js';
import type { CompiledNode, CompiledProject, SourceNode } from '../compiler/compiled-project.js';
import { auditSchema, runTest as runDataTest } from '../data-tests/run-test.js';
import { blocksDownstream } from '../executor/node-result.js';
import { runModel } from '../executor/run-model.js';
import type { RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import { describeNodes, nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { runHooks } from './run-hooks.js';
import { modelRunOptions } from './run-models.js';
import { runSeed, type SeedCommandOptions } from './run-seed.js';
import { isLoadable } from './seed-jobs.js';
import { testLabel } from './test.js';

/**
 * `trevco build`: seeds, sources, snapshots, models and tests in one graph order. A node's tests run right after it, and
 * its children wait for them: a failing error-severity test skips everything downstream of the node it tests
 * (a warning does not).
 *
 * CSV-backed sources hold history that `trevco seed --incremental` merged in, so build does not reload them
 * blindly: it loads a source whose table does not exist yet, merges with `--incremental`, and reloads every
 * one with `--full-refresh`. Seeds (small reference tables) are loaded on every build, as in dbt.
 */
export async function build(options: SeedCommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  // Everything `retry` needs to repeat this build exactly.
  const args = {
    command: 'build', select: options.select ?? [], exclude: options.exclude ?? [], incremental: Boolean(options.incremental),
    full_refresh: Boolean(options.fullRefresh), run_date: compiled.runDate, event_time_start: options.eventTimeStart ?? null,
    event_time_end: options.eventTimeEnd ?? null, csv_dir: options.csvDir ?? null, on_bad_rows: options.onBadRows ?? 'fail', vars: options.vars ?? {},
  };
  const { adapter, release } = await connect(compiled.target, options, { command: 'build', writes: true });
  let results;
  try {
    const ids = await selectForBuild(compiled, adapter, options);
    writeCompiledSql(compiled);
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    await runHooks(adapter, compiled.project.config.onRunStart);
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: schemasFor(compiled, ids),
      label: (id) => (compiled.tests.has(id) ? testLabel(compiled.tests.get(id)!) : nodeLabel(compiled.nodes.get(id)!)),
      runNode: (id) => {
        const test = compiled.tests.get(id);
        if (test) return runDataTest(adapter, compiled, test);
        const node = compiled.nodes.get(id)!;
        if (node.resourceType === 'model') return runModel(adapter, node, modelRunOptions(compiled, node, options));
        if (node.resourceType === 'snapshot') return runSnapshot(adapter, node, { compiledPath: compiledPath(compiled, node) });
        return runSeed(adapter, compiled, node, { ...options, incremental: options.incremental && !options.fullRefresh });
      },
      extraDependencies: testsBeforeChildren(compiled, ids),
      // A failed test stops what is built on the node it tests; a test never needs another test.
      blocks: blocksDownstream,
      args,
    }, options);
    await runHooks(adapter, compiled.project.config.onRunEnd);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, args);
}

async function selectForBuild(compiled: CompiledProject, adapter: Adapter, options: SeedCommandOptions): Promise<string[]> {
  const selected = selectForCommand(compiled, options, { indirectTests: true, ...(options.resourceTypes && { resourceTypes: options.resourceTypes }) });
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

function schemasFor(compiled: CompiledProject, ids: readonly string[]): string[] {
  const schemas: string[] = [];
  for (const id of ids) {
    if (compiled.tests.get(id)?.config.store_failures) schemas.push(auditSchema(compiled));
    const node: CompiledNode | undefined = compiled.nodes.get(id);
    if (node?.relation) schemas.push(node.relation.schema);
  }
  return schemas;
}
