import { MinHeap } from './min-heap.js';

/** The result of a topological sort: the placed ids, and the ids a cycle kept from being placed. */
export interface TopologicalSort {
  /** Every id whose ancestors are all placed, parents before children, ties broken by id. */
  readonly order: readonly string[];
  /** Ids on a cycle or downstream of one; empty when the graph is acyclic. */
  readonly blocked: readonly string[];
}

/**
 * Kahn's algorithm with a min-heap of ready ids, so the order is the lexicographically smallest topological order
 * and does not depend on insertion order. O((V + E) log V).
 */
export function topologicalSort(
  ids: readonly string[],
  parents: (id: string) => readonly string[],
  children: (id: string) => readonly string[],
): TopologicalSort {
  const waitingOn = new Map<string, number>();
  const ready = new MinHeap();
  for (const id of ids) {
    const count = parents(id).length;
    waitingOn.set(id, count);
    if (count === 0) ready.push(id);
  }
  const order: string[] = [];
  for (let id = ready.pop(); id !== undefined; id = ready.pop()) {
    order.push(id);
    for (const child of children(id)) {
      const left = waitingOn.get(child)! - 1;
      waitingOn.set(child, left);
      if (left === 0) ready.push(child);
    }
  }
  const blocked = order.length === ids.length ? [] : ids.filter((id) => waitingOn.get(id)! > 0).sort();
  return { order, blocked };
}
