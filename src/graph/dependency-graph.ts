import { Graph } from '@dagrejs/graphlib';
import type { GraphNode } from './graph-node.js';

/** @internal What `buildGraph` hands the DependencyGraph: nodes, adjacency sorted by id, and a topological order. */
export interface GraphStructure {
  readonly nodes: ReadonlyMap<string, GraphNode>;
  readonly parents: ReadonlyMap<string, readonly string[]>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly order: readonly string[];
}

type Direction = 'parents' | 'children';

/**
 * The project's nodes and the edges between them, acyclic, with a fixed topological order. Edges run from the node
 * that is read to the node that reads it (parent → child), as in dbt. Build one with `buildGraph`.
 *
 * Every list a method returns is deterministic: topological order with ties broken by id, or sorted by id.
 *
 * The adjacency lives in Maps rather than in a graphlib Graph: graphlib keys its nodes and edges in plain objects,
 * which made building a 10,000-node graph several times slower. `toGraphlib()` gives a graphlib copy for its
 * algorithms.
 */
export class DependencyGraph {
  readonly #structure: GraphStructure;
  #levels: readonly (readonly string[])[] | undefined;

  /** @internal `buildGraph` checks for cycles and computes the order; use it rather than this constructor. */
  constructor(structure: GraphStructure) {
    this.#structure = structure;
  }

  /** How many nodes the graph holds. */
  get size(): number {
    return this.#structure.order.length;
  }

  has(id: string): boolean {
    return this.#structure.nodes.has(id);
  }

  /** The node with this id; throws when there is none, since callers only ask for ids the graph gave them. */
  node(id: string): GraphNode {
    const node = this.#structure.nodes.get(id);
    if (node === undefined) throw unknownId(id);
    return node;
  }

  /** Every node, in topological order. */
  nodes(): GraphNode[] {
    return this.#structure.order.map((id) => this.#structure.nodes.get(id)!);
  }

  /** Every id, in topological order. */
  ids(): string[] {
    return [...this.#structure.order];
  }

  /** The ids this node reads from directly, sorted. */
  parents(id: string): string[] {
    return [...this.#neighbours(id, 'parents')];
  }

  /** The ids that read this node directly, sorted. */
  children(id: string): string[] {
    return [...this.#neighbours(id, 'children')];
  }

  /**
   * Every node reachable upstream from `from` (one id or several) in 1 to `depth` steps; `depth` undefined means
   * no limit. A starting id is in the result only when it is an ancestor of another starting id.
   */
  ancestors(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#reach(typeof from === 'string' ? [from] : from, depth, 'parents');
  }

  /** Every node reachable downstream from `from` in 1 to `depth` steps; see `ancestors`. */
  descendants(from: string | Iterable<string>, depth?: number): Set<string> {
    return this.#reach(typeof from === 'string' ? [from] : from, depth, 'children');
  }

  /**
   * `ids` (default: all) in the graph's topological order. The order is that of the whole graph restricted to
   * `ids`, so a dependency running through nodes outside `ids` is still respected. Unknown ids are dropped.
   */
  topologicalOrder(ids?: Iterable<string>): string[] {
    if (ids === undefined) return this.ids();
    const wanted: ReadonlySet<string> = ids instanceof Set ? ids : new Set(ids);
    return this.#structure.order.filter((id) => wanted.has(id));
  }

  /**
   * The nodes in generations: level 0 has no parents, and every other node sits one level below its deepest
   * parent, so the nodes of one level never depend on each other. Each level is sorted by id.
   */
  levels(): string[][] {
    if (this.#levels === undefined) {
      const levelOf = new Map<string, number>();
      const levels: string[][] = [];
      for (const id of this.#structure.order) {
        let level = 0;
        for (const parent of this.#neighbours(id, 'parents')) level = Math.max(level, levelOf.get(parent)! + 1);
        levelOf.set(id, level);
        (levels[level] ??= []).push(id);
      }
      this.#levels = levels.map((level) => level.sort());
    }
    return this.#levels.map((level) => [...level]);
  }

  /** The graph induced by `ids`: those nodes and the edges between them (unknown ids are dropped). */
  subgraph(ids: Iterable<string>): DependencyGraph {
    const order = this.topologicalOrder(ids);
    const keep = new Set(order);
    const inside = (direction: Direction) =>
      new Map(order.map((id) => [id, this.#neighbours(id, direction).filter((other) => keep.has(other))]));
    return new DependencyGraph({
      nodes: new Map(order.map((id) => [id, this.#structure.nodes.get(id)!])),
      parents: inside('parents'),
      children: inside('children'),
      order,
    });
  }

  /** A graphlib copy of this graph (node labels are the GraphNodes, edges parent → child), for its algorithms. */
  toGraphlib(): Graph<undefined, GraphNode, undefined> {
    const graph = new Graph<undefined, GraphNode, undefined>({ directed: true });
    for (const id of this.#structure.order) graph.setNode(id, this.#structure.nodes.get(id)!);
    for (const id of this.#structure.order) {
      for (const child of this.#neighbours(id, 'children')) graph.setEdge(id, child);
    }
    return graph;
  }

  #neighbours(id: string, direction: Direction): readonly string[] {
    const found = this.#structure[direction].get(id);
    if (found === undefined) throw unknownId(id);
    return found;
  }

  /** Breadth-first, one generation at a time, so a depth limit counts the shortest path from any start. */
  #reach(from: Iterable<string>, depth: number | undefined, direction: Direction): Set<string> {
    const reached = new Set<string>();
    const expanded = new Set<string>(from);
    let frontier = [...expanded];
    for (let step = 0; frontier.length > 0 && (depth === undefined || step < depth); step++) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const neighbour of this.#neighbours(id, direction)) {
          reached.add(neighbour);
          if (!expanded.has(neighbour)) {
            expanded.add(neighbour);
            next.push(neighbour);
          }
        }
      }
      frontier = next;
    }
    return reached;
  }
}

function unknownId(id: string): Error {
  return new Error(`DependencyGraph: no node with id '${id}'`);
}
