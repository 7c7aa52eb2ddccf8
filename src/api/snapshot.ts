import { compiledPath, writeCompiledSql } from '../artifacts/write-compiled-sql.js';
import type { CompiledProject, CompiledSnapshot } from '../compiler/compiled-project.js';
import { runSnapshot } from '../executor/run-snapshot.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { describeNodes, nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { runHooks } from './run-hooks.js';

/**
 * `trevco snapshot`: runs the selected snapshots in dependency order (dbt's `dbt snapshot`). `--full-refresh` does
 * not apply: a snapshot holds history that cannot be rebuilt from its query.
 */
export async function snapshot(options: CommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  const ids = selectForCommand(compiled, options, { resourceTypes: ['snapshot'] });
  writeCompiledSql(compiled, ids);
  const args = { command: 'snapshot', select: options.select ?? [], exclude: options.exclude ?? [], vars: options.vars ?? {} };
  const { adapter, release } = await connect(compiled.target, options, { command: 'snapshot', writes: true });
  let results;
  try {
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    // dbt runs on-run-start/on-run-end around `dbt snapshot` too.
    await runHooks(adapter, compiled.project.config.onRunStart);
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: ids.map((id) => snapshotNode(compiled, id).relation.schema),
      label: (id) => nodeLabel(snapshotNode(compiled, id)),
      runNode: (id) => runSnapshot(adapter, snapshotNode(compiled, id), { compiledPath: compiledPath(compiled, snapshotNode(compiled, id)) }),
      args,
    }, options);
    await runHooks(adapter, compiled.project.config.onRunEnd);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, args);
}

function snapshotNode(compiled: CompiledProject, id: string): CompiledSnapshot {
  return compiled.nodes.get(id) as CompiledSnapshot;
}
