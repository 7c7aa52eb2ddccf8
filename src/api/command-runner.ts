import type { Adapter } from '../adapters/adapter.js';
import { writeCompiledSql } from '../artifacts/write-compiled-sql.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { storedFailuresRelation } from '../data-tests/run-test.js';
import type { ExecuteOptions } from '../executor/execute-graph.js';
import type { NodeResult } from '../executor/node-result.js';
import type { SelectOptions } from '../graph/selection/select-nodes.js';
import type { CommandOptions, NodeLabel, RunOutcome } from './command-options.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { describeNodes, nodeLabel } from './node-label.js';
import { prepareProject } from './prepare-project.js';
import { parseRunFlags, type RunFlags } from './run-flags.js';
import { runHooks } from './run-hooks.js';

/** What a command's parts see: the compiled project, the open adapter, the options and the parsed flags. */
export interface CommandContext<O extends CommandOptions> {
  readonly compiled: CompiledProject;
  readonly adapter: Adapter;
  readonly options: O;
  readonly flags: RunFlags;
}

export type RunnableType = 'model' | 'seed' | 'source' | 'snapshot' | 'test';

/**
 * A command that runs nodes (`run`, `test`, `seed`, `build`): its name, what its selection may pick, and a runner
 * per resource type. Everything else (flags, compile, connection, selection, schemas, on-run hooks, execution
 * over the graph, artifacts) is `runCommand`'s, the same for every command.
 */
export interface Command<O extends CommandOptions> {
  readonly name: string;
  /** Resource types `--select` may pick; `indirectTests`: selecting a node selects its tests (build). */
  readonly resourceTypes?: SelectOptions['resourceTypes'];
  readonly indirectTests?: boolean;
  /** Rewrites `--select` before it is parsed (seed's `--select orders` for a source table). */
  readonly rewriteSelect?: (compiled: CompiledProject, select: readonly string[]) => readonly string[];
  /** Narrows the selection to what the command runs (an ephemeral model has nothing to build). */
  readonly keep?: (ids: readonly string[], context: CommandContext<O>) => readonly string[] | Promise<readonly string[]>;
  readonly runners: Partial<Record<RunnableType, (id: string, context: CommandContext<O>) => Promise<NodeResult>>>;
  /** Runs on-run-start before the nodes and on-run-end after them. */
  readonly runsOnRunHooks?: boolean;
  readonly blocks?: ExecuteOptions['blocks'];
  readonly extraDependencies?: (ids: readonly string[], context: CommandContext<O>) => ExecuteOptions['extraDependencies'];
  /** What run_results.json records of this run besides the selection (and `retry` repeats). */
  readonly args?: (compiled: CompiledProject, options: O) => Record<string, unknown>;
  /** Whether it writes (then it holds the target's writer lock throughout); may depend on what was selected. */
  readonly writes: boolean | ((selected: readonly string[], compiled: CompiledProject) => boolean);
}

/** Runs a command: flags parsed once, compile, connect, select once, execute over the graph, write artifacts. */
export async function runCommand<O extends CommandOptions>(command: Command<O>, options: O): Promise<RunOutcome> {
  const started = performance.now();
  const flags = parseRunFlags(options);
  const compiled = prepareProject(options, undefined, flags);
  const select = options.select && command.rewriteSelect ? command.rewriteSelect(compiled, options.select) : options.select;
  const selected = selectForCommand(compiled, { ...options, select }, { resourceTypes: command.resourceTypes ?? options.resourceTypes, indirectTests: command.indirectTests });
  // Everything `retry` needs to repeat this command exactly, recorded in run_results.json as the nodes finish.
  const args = { command: command.name, select: options.select ?? [], exclude: options.exclude ?? [], ...command.args?.(compiled, options) };
  const writes = typeof command.writes === 'function' ? command.writes(selected, compiled) : command.writes;
  const { adapter, release } = await connect(compiled.target, options, { command: command.name, writes });
  const context: CommandContext<O> = { compiled, adapter, options, flags };
  let results: NodeResult[];
  try {
    const ids = (command.keep ? await command.keep(selected, context) : selected).filter((id) => command.runners[typeOf(compiled, id)] !== undefined);
    if (command.runners.model || command.runners.snapshot) writeCompiledSql(compiled);
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    if (command.runsOnRunHooks) await runHooks(adapter, compiled.onRunStart);
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: schemasFor(compiled, ids),
      label: (id) => labelOf(compiled, id),
      runNode: (id) => command.runners[typeOf(compiled, id)]!(id, context),
      blocks: command.blocks,
      extraDependencies: command.extraDependencies?.(ids, context),
      args,
    }, options);
    if (command.runsOnRunHooks) await runHooks(adapter, compiled.onRunEnd);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, args);
}

function typeOf(compiled: CompiledProject, id: string): RunnableType {
  return compiled.tests.has(id) ? 'test' : (compiled.nodes.get(id)?.resourceType ?? 'test');
}

/** How a node is named in report lines: `PASS not_null_fact_orders_order_id`, `OK created table model marts.x`. */
export function labelOf(compiled: CompiledProject, id: string): NodeLabel {
  const test = compiled.tests.get(id);
  if (test) return { nodeId: test.id, resourceType: 'test', description: `${test.testType} test`, displayName: test.name };
  return nodeLabel(compiled.nodes.get(id)!);
}

/** Schemas to create before anything runs: each relation's, and the audit schema of tests that store failures. */
function schemasFor(compiled: CompiledProject, ids: readonly string[]): string[] {
  const schemas: string[] = [];
  for (const id of ids) {
    const test = compiled.tests.get(id);
    if (test?.config.store_failures) schemas.push(storedFailuresRelation(compiled, test).schema);
    const node = compiled.nodes.get(id);
    if (node && 'relation' in node && node.relation) schemas.push(node.relation.schema);
  }
  return schemas;
}
