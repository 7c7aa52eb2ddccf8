import { ConfigError, CycleError } from '../errors/trevco-error.js';
import { DependencyGraph } from './dependency-graph.js';
import { findCycle } from './find-cycle.js';
import { displayName, type GraphNode } from './graph-node.js';
import { topologicalSort } from './topological-sort.js';

/**
 * Builds the dependency graph: one edge from each `dependsOn` id to the node that lists it (parent → child).
 *
 * A `dependsOn` id that is not among `nodes` is ignored: the compiler has already reported unknown refs and
 * sources, and a disabled node may still be named. Two nodes with the same id are a ConfigError.
 *
 * @throws CycleError when the nodes depend on each other in a circle. Its path names the nodes, each read by the
 *   next, starting and ending on the same node (`a -> b -> c -> a` means b reads a, c reads b and a reads c);
 *   the cycle starts at its node with the smallest id, and `nodeId` and `file` point at that node.
 */
export function buildGraph(nodes: readonly GraphNode[]): DependencyGraph {
  const byId = new Map<string, GraphNode>();
  for (const node of nodes) {
    const clash = byId.get(node.id);
    if (clash !== undefined) {
      throw new ConfigError(`two nodes have the id '${node.id}': ${clash.path} and ${node.path}`, {
        nodeId: node.id,
        file: node.path,
        hint: 'rename one of them; names must be unique within a project and resource type',
      });
    }
    byId.set(node.id, node);
  }

  const parents = new Map<string, string[]>();
  const children = new Map<string, string[]>();
  for (const id of byId.keys()) children.set(id, []);
  // Plain loops: this runs once per edge and was the slowest part of building a 10,000-node graph.
  for (const node of nodes) {
    const own: string[] = [];
    for (const parent of node.dependsOn) {
      if (byId.has(parent) && !own.includes(parent)) own.push(parent);
    }
    if (own.length > 1) own.sort();
    parents.set(node.id, own);
    for (const parent of own) children.get(parent)!.push(node.id);
  }
  for (const list of children.values()) if (list.length > 1) list.sort();

  const parentsOf = (id: string): readonly string[] => parents.get(id)!;
  const { order, blocked } = topologicalSort([...byId.keys()], parentsOf, (id) => children.get(id)!);
  if (blocked.length > 0) {
    const cycle = findCycle(blocked, parentsOf);
    const first = byId.get(cycle[0]!)!;
    throw new CycleError(
      cycle.map((id) => displayName(byId.get(id)!)),
      {
        nodeId: first.id,
        file: first.path,
        hint: 'each node in the path reads the one before it; remove one of these ref() or source() calls',
      },
    );
  }
  return new DependencyGraph({ nodes: byId, parents, children, order });
}
