import type { DependencyGraph } from '../graph/dependency-graph.js';
import { blocksDownstream, errorResult, type NodeResult } from './node-result.js';

export interface ExecuteOptions {
  readonly graph: DependencyGraph;
  /** The selected node ids in topological order. */
  readonly selected: readonly string[];
  /** How many nodes may run at once. */
  readonly threads: number;
  /** Runs one node. Should return a result for failures rather than throw; a throw is turned into an error result. */
  readonly runNode: (nodeId: string) => Promise<NodeResult>;
  readonly onStart?: (nodeId: string) => void;
  readonly onResult?: (result: NodeResult) => void;
  /**
   * Whether a finished node stops its dependents (default: error, fail and skipped do). `build` also counts a
   * failing test as blocking the node it tests.
   */
  readonly blocks?: (result: NodeResult) => boolean;
  /** Extra waits, e.g. a model's tests before its children in `build`: node id → ids that must finish first. */
  readonly extraDependencies?: ReadonlyMap<string, readonly string[]>;
  /** dbt's `--fail-fast`: after the first error or failure, start nothing more; what has not started is skipped. */
  readonly failFast?: boolean;
  /**
   * Whether a result ends the run (a lost database connection): no node starts after it, the running ones
   * finish, and every node not reached is skipped with the returned reason.
   */
  readonly stopsRun?: (result: NodeResult) => string | undefined;
}

/**
 * Runs the selected nodes in dependency order with up to `threads` at once. A node starts when every selected
 * node upstream of it has finished; when one of those failed, it is skipped and its own dependents follow.
 * Order among ready nodes is the topological order, so runs are repeatable.
 */
export async function executeGraph(options: ExecuteOptions): Promise<NodeResult[]> {
  const order = new Map(options.selected.map((id, index) => [id, index]));
  const waitsFor = nearestSelectedAncestors(options.graph, options.selected, order);
  for (const [id, extra] of options.extraDependencies ?? []) {
    if (!order.has(id)) continue;
    const waits = waitsFor.get(id)!;
    for (const dependency of extra) if (order.has(dependency) && dependency !== id) waits.add(dependency);
  }
  const blocks = options.blocks ?? blocksDownstream;
  const remaining = new Map([...waitsFor].map(([id, waits]) => [id, waits.size]));
  const dependents = new Map<string, string[]>();
  for (const [id, waits] of waitsFor) for (const upstream of waits) (dependents.get(upstream) ?? dependents.set(upstream, []).get(upstream)!).push(id);

  const results = new Map<string, NodeResult>();
  const blockedBy = new Map<string, string>();
  const ready: string[] = options.selected.filter((id) => remaining.get(id) === 0);
  let running = 0;
  let stopped: string | undefined;

  return new Promise<NodeResult[]>((resolve) => {
    const finish = (result: NodeResult): void => {
      // dbt's --fail-fast: the first error or failure stops the run as a lost connection does.
      if (options.failFast && (result.status === 'error' || result.status === 'fail')) stopped ??= `--fail-fast after ${result.nodeId} did not succeed`;
      results.set(result.nodeId, result);
      options.onResult?.(result);
      stopped ??= options.stopsRun?.(result);
      for (const child of dependents.get(result.nodeId) ?? []) {
        if (blocks(result) && !blockedBy.has(child)) blockedBy.set(child, blockedBy.get(result.nodeId) ?? result.nodeId);
        const left = remaining.get(child)! - 1;
        remaining.set(child, left);
        if (left === 0) insertByOrder(ready, child, order);
      }
    };
    const pump = (): void => {
      while (ready.length > 0 && running < Math.max(1, options.threads)) {
        const id = ready.shift()!;
        const cause = blockedBy.get(id);
        if (cause !== undefined) {
          finish(skippedResult(id, cause));
          continue;
        }
        if (stopped !== undefined) {
          finish(stoppedResult(id, stopped));
          continue;
        }
        running++;
        options.onStart?.(id);
        void runSafely(options.runNode, id).then((result) => {
          running--;
          finish(result);
          pump();
        });
      }
      if (running === 0 && ready.length === 0) {
        // Only waits that form a cycle (extraDependencies against the graph) leave nodes behind: report them
        // rather than drop them, so the run cannot end green with nodes never built.
        for (const id of options.selected) if (!results.has(id)) finish(neverRunResult(id));
        resolve(options.selected.map((id) => results.get(id)!));
      }
    };
    pump();
  });
}

/** For each selected node, the selected nodes it must wait for, looking through unselected nodes in between. */
function nearestSelectedAncestors(graph: DependencyGraph, selected: readonly string[], order: ReadonlyMap<string, number>): Map<string, Set<string>> {
  const memo = new Map<string, Set<string>>();
  const through = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const found = new Set<string>();
    memo.set(id, found);
    for (const parent of graph.parents(id)) {
      if (order.has(parent)) found.add(parent);
      else for (const ancestor of through(parent)) found.add(ancestor);
    }
    return found;
  };
  return new Map(selected.map((id) => [id, new Set(through(id))]));
}

function insertByOrder(queue: string[], id: string, order: ReadonlyMap<string, number>): void {
  const rank = order.get(id)!;
  let index = queue.findIndex((other) => order.get(other)! > rank);
  if (index === -1) index = queue.length;
  queue.splice(index, 0, id);
}

async function runSafely(runNode: (id: string) => Promise<NodeResult>, id: string): Promise<NodeResult> {
  const startedAt = new Date();
  try {
    return await runNode(id);
  } catch (error) {
    return errorResult(id, startedAt, error);
  }
}

function skippedResult(id: string, cause: string): NodeResult {
  const now = new Date().toISOString();
  return { nodeId: id, status: 'skipped', message: `skipped: upstream ${cause} did not succeed`, startedAt: now, completedAt: now, executionTime: 0 };
}

function stoppedResult(id: string, reason: string): NodeResult {
  const now = new Date().toISOString();
  return { nodeId: id, status: 'skipped', message: `skipped: the run stopped before this node: ${reason}`, startedAt: now, completedAt: now, executionTime: 0 };
}

function neverRunResult(id: string): NodeResult {
  const now = new Date().toISOString();
  return { nodeId: id, status: 'error', message: 'not run: it waits, directly or not, for itself (a cycle of waits)', startedAt: now, completedAt: now, executionTime: 0 };
}
