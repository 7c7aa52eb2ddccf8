import type { Adapter } from '../adapters/adapter.js';
import { isConnectionLoss } from '../adapters/connection-loss.js';
import { ensureSchema } from '../adapters/relations.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { RunResultsProgress } from '../artifacts/run-results-progress.js';
import { executeGraph, type ExecuteOptions } from '../executor/execute-graph.js';
import type { NodeResult } from '../executor/node-result.js';
import type { CommandOptions, NodeLabel } from './command-options.js';

export interface SelectionRun {
  readonly compiled: CompiledProject;
  readonly adapter: Adapter;
  readonly ids: readonly string[];
  readonly label: (nodeId: string) => NodeLabel;
  readonly runNode: (nodeId: string) => Promise<NodeResult>;
  readonly blocks?: ExecuteOptions['blocks'];
  readonly extraDependencies?: ExecuteOptions['extraDependencies'];
  /** Schemas to create before anything runs (created up front: concurrent CREATE SCHEMA IF NOT EXISTS can race). */
  readonly schemas: Iterable<string>;
  /** The command's args for run_results.json, which is kept current while the nodes run (RunResultsProgress). */
  readonly args: Record<string, unknown>;
}

/** Creates schemas, then runs the selected nodes over the graph, reporting each start and finish. */
export async function executeSelection(run: SelectionRun, options: CommandOptions): Promise<NodeResult[]> {
  const progress = new RunResultsProgress(run.compiled, run.ids, run.args);
  for (const schema of new Set(run.schemas)) await ensureSchema(run.adapter, schema);
  const total = run.ids.length;
  let started = 0;
  let finished = 0;
  const results = await executeGraph({
    graph: run.compiled.graph,
    selected: run.ids,
    threads: run.adapter.maxConnections,
    runNode: run.runNode,
    blocks: run.blocks,
    extraDependencies: run.extraDependencies,
    failFast: options.failFast,
    stopsRun: (result) => (result.status === 'error' && isConnectionLoss(result.error) ? `${result.nodeId} lost the connection to the database` : undefined),
    onStart: (nodeId) => options.onEvent?.({ type: 'node-started', label: run.label(nodeId), index: ++started, total }),
    onResult: (result) => {
      progress.record(result);
      options.onEvent?.({ type: 'node-finished', label: run.label(result.nodeId), result, index: ++finished, total });
    },
  });
  progress.flush();
  return results;
}

/** A run succeeded when no node errored or failed. */
export function succeeded(results: readonly NodeResult[]): boolean {
  return results.every((result) => result.status !== 'error' && result.status !== 'fail' && result.status !== 'skipped');
}
