import { connect } from './connect.js';
import type { CompiledModel, CompiledProject } from '../compiler/compiled-project.js';
import { compiledPath, writeCompiledSql } from '../artifacts/write-compiled-sql.js';
import { runModel, type RunModelOptions } from '../executor/run-model.js';
import type { Adapter } from '../adapters/adapter.js';
import { planIncremental } from '../materializations/incremental/plan-incremental.js';
import { runMicrobatch } from '../materializations/incremental/run-microbatch.js';
import { windowedUpstreams } from '../materializations/incremental/stale-batches.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { executeSelection } from './execute-selection.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import { describeNodes, nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { runHooks } from './run-hooks.js';

/** `trevco run`: builds the selected models in dependency order. */
export async function run(options: CommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  const ids = selectModels(compiled, options);
  writeCompiledSql(compiled);
  const args = { command: 'run', select: options.select ?? [], exclude: options.exclude ?? [], ...runArgs(compiled, options) };
  const { adapter, release } = await connect(compiled.target, options, { command: 'run', writes: true });
  let results;
  try {
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    await runHooks(adapter, compiled.project.config.onRunStart);
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: ids.map((id) => model(compiled, id).relation?.schema).filter((schema): schema is string => schema !== undefined),
      label: (id) => nodeLabel(compiled.nodes.get(id)!),
      runNode: (id) => runModel(adapter, model(compiled, id), modelRunOptions(compiled, model(compiled, id), options)),
      args,
    }, options);
    await runHooks(adapter, compiled.project.config.onRunEnd);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, args);
}

/** The selected, runnable models: ephemeral ones have nothing to build. */
export function selectModels(compiled: CompiledProject, options: CommandOptions): string[] {
  return selectForCommand(compiled, options, { resourceTypes: ['model'] }).filter((id) => model(compiled, id).materialized !== 'ephemeral');
}

export function modelRunOptions(compiled: CompiledProject, node: CompiledModel, options: CommandOptions) {
  return {
    fullRefresh: options.fullRefresh,
    compiledPath: compiledPath(compiled, node),
    planIncremental,
    runMicrobatch: (incremental: CompiledModel, adapter: Adapter, runOptions: RunModelOptions) => runMicrobatch(incremental, adapter, {
      ...runOptions,
      runDate: compiled.runDate,
      eventTimeStart: options.eventTimeStart,
      eventTimeEnd: options.eventTimeEnd,
      upstreams: windowedUpstreams(compiled.nodes, incremental.dependsOn),
      onProgress: (done, total) => options.onEvent?.({ type: 'progress', label: nodeLabel(incremental), done, total, unit: 'batches' }),
    }),
  };
}

/** What `trevco retry` repeats of this run besides the selection (see materializations/incremental/README.md). */
function runArgs(compiled: CompiledProject, options: CommandOptions): Record<string, unknown> {
  return { run_date: compiled.runDate, full_refresh: options.fullRefresh ?? false, event_time_start: options.eventTimeStart ?? null, event_time_end: options.eventTimeEnd ?? null, vars: options.vars ?? {} };
}

function model(compiled: CompiledProject, id: string): CompiledModel {
  return compiled.nodes.get(id) as CompiledModel;
}
