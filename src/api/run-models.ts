import type { CompiledModel, CompiledProject } from '../compiler/compiled-project.js';
import { compiledPath } from '../artifacts/write-compiled-sql.js';
import { runModel, type RunModelOptions } from '../executor/run-model.js';
import type { NodeResult } from '../executor/node-result.js';
import { windowedUpstreams } from '../materializations/incremental/stale-batches.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { runCommand, type Command, type CommandContext } from './command-runner.js';
import { nodeLabel } from './node-label.js';

/** `trevco run`: builds the selected models in dependency order. */
export const RUN_COMMAND: Command<CommandOptions> = {
  name: 'run',
  resourceTypes: ['model'],
  // Ephemeral models have nothing to build.
  keep: (ids, { compiled }) => ids.filter((id) => model(compiled, id).materialized !== 'ephemeral'),
  runners: { model: (id, context) => runModelNode(id, context) },
  runsOnRunHooks: true,
  writes: true,
  args: (compiled, options) => runArgs(compiled, options),
};

export function run(options: CommandOptions = {}): Promise<RunOutcome> {
  return runCommand(RUN_COMMAND, options);
}

/** Builds one model (used by `run` and `build`). */
export function runModelNode<O extends CommandOptions>(id: string, context: CommandContext<O>): Promise<NodeResult> {
  return runModel(context.adapter, model(context.compiled, id), modelRunOptions(context, model(context.compiled, id)));
}

/** The parsed flags reach the materialization as one typed value, the PlanContext. */
export function modelRunOptions<O extends CommandOptions>(context: CommandContext<O>, node: CompiledModel): RunModelOptions {
  const { compiled, flags, options } = context;
  return {
    compiledPath: compiledPath(compiled, node),
    context: {
      fullRefresh: flags.fullRefresh,
      runDate: compiled.runDate,
      eventTimeStart: flags.eventTimeStart,
      eventTimeEnd: flags.eventTimeEnd,
      upstreams: windowedUpstreams(compiled.nodes, node.dependsOn),
    },
    onProgress: (done, total) => options.onEvent?.({ type: 'progress', label: nodeLabel(node), done, total, unit: 'batches' }),
  };
}

/** What `trevco retry` repeats of this run besides the selection (see materializations/incremental/README.md). */
function runArgs(compiled: CompiledProject, options: CommandOptions): Record<string, unknown> {
  return { run_date: compiled.runDate, full_refresh: options.fullRefresh ?? false, event_time_start: options.eventTimeStart ?? null, event_time_end: options.eventTimeEnd ?? null, vars: options.vars ?? {} };
}

function model(compiled: CompiledProject, id: string): CompiledModel {
  return compiled.nodes.get(id) as CompiledModel;
}
