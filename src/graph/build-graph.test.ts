import { describe, expect, it } from 'vitest';
import { ConfigError, CycleError } from '../errors/trevco-error.js';
import { graphNode, model, seed, source, test, warehouseNodes } from '../testing/graph-fixture.js';
import { buildGraph } from './build-graph.js';
import type { GraphNode } from './graph-node.js';

const models = (edges: Record<string, string[]>): GraphNode[] =>
  Object.entries(edges).map(([name, parents]) => graphNode('model', name, { dependsOn: parents.map(model) }));

function cycleError(nodes: readonly GraphNode[]): CycleError {
  try {
    buildGraph(nodes);
  } catch (error) {
    if (error instanceof CycleError) return error;
    throw error;
  }
  throw new Error('expected a CycleError');
}

describe('buildGraph', () => {
  it('adds an edge from each dependency to the node that reads it', () => {
    const graph = buildGraph(warehouseNodes());
    expect(graph.size).toBe(15);
    expect(graph.parents(model('stg_customers'))).toEqual([seed('country_codes'), source('raw', 'customers')]);
    expect(graph.children(source('raw', 'orders'))).toEqual([model('stg_orders'), model('stg_payments')]);
    expect(graph.children(model('dim_customers'))).toEqual([
      model('rpt_revenue'),
      test('not_null_dim_customers_customer_id'),
      test('relationships_fact_orders_customer_id'),
    ]);
  });

  it('sorts topologically, breaking ties by id whatever order the nodes came in', () => {
    const expected = [
      seed('country_codes'),
      seed('payment_methods'),
      source('clickstream', 'events'),
      source('raw', 'customers'),
      model('stg_customers'),
      source('raw', 'orders'),
      model('stg_orders'),
      model('dim_customers'),
      model('stg_payments'),
      model('fact_orders'),
      model('rpt_revenue'),
      test('assert_revenue_positive'),
      test('not_null_dim_customers_customer_id'),
      test('relationships_fact_orders_customer_id'),
      test('unique_stg_orders_order_id'),
    ];
    expect(buildGraph(warehouseNodes()).topologicalOrder()).toEqual(expected);
    expect(buildGraph(warehouseNodes().reverse()).topologicalOrder()).toEqual(expected);
  });

  it('ignores dependencies on ids that are not nodes', () => {
    const graph = buildGraph(models({ a: ['missing'], b: ['a'] }));
    expect(graph.parents(model('a'))).toEqual([]);
    expect(graph.ids()).toEqual([model('a'), model('b')]);
  });

  it('counts a dependency listed twice once', () => {
    const graph = buildGraph(models({ a: [], b: ['a', 'a'] }));
    expect(graph.parents(model('b'))).toEqual([model('a')]);
    expect(graph.levels()).toEqual([[model('a')], [model('b')]]);
  });

  it('names the whole cycle, each node read by the next, starting at the smallest id', () => {
    // b reads a, c reads b, a reads c; d hangs off the cycle and must not appear in it.
    const error = cycleError(models({ d: ['c'], c: ['b'], b: ['a'], a: ['c'], e: [] }));
    expect(error.message).toBe('dependency cycle: a -> b -> c -> a');
    expect(error.code).toBe('CYCLE');
    expect(error.path).toEqual(['a', 'b', 'c', 'a']);
    expect(error.nodeId).toBe(model('a'));
    expect(error.file).toBe('models/a.sql');
    expect(error.hint).toContain('remove one');
  });

  it('reports a node that reads itself', () => {
    expect(cycleError(models({ x: [], a: ['a'] })).message).toBe('dependency cycle: a -> a');
  });

  it('reports a cycle reached only through nodes downstream of it', () => {
    // a and b are downstream of the cycle c <-> d, and sort before it.
    const error = cycleError(models({ a: ['b'], b: ['c'], c: ['d'], d: ['c'] }));
    expect(error.message).toBe('dependency cycle: c -> d -> c');
    expect(error.nodeId).toBe(model('c'));
  });

  it('names sources as source.table in a cycle', () => {
    const nodes = [
      graphNode('source', 'orders', { dependsOn: [model('a')] }),
      graphNode('model', 'a', { dependsOn: [source('raw', 'orders')] }),
    ];
    expect(cycleError(nodes).message).toBe('dependency cycle: a -> raw.orders -> a');
  });

  it('rejects two nodes with one id', () => {
    const nodes = [graphNode('model', 'a'), graphNode('model', 'a', { path: 'models/other/a.sql' })];
    expect(() => buildGraph(nodes)).toThrow(ConfigError);
    expect(() => buildGraph(nodes)).toThrow("two nodes have the id 'model.trevco.a': models/a.sql and models/other/a.sql");
  });

  it('builds and sorts 10,000 nodes with 20,000 edges', () => {
    // A layered DAG: each node reads two nodes from earlier layers, chosen by a fixed formula.
    const nodes: GraphNode[] = [];
    for (let i = 0; i < 10_000; i++) {
      const parents = i < 100 ? [] : [(i * 7919) % (i - 50), i - 1 - ((i * 104729) % 50)];
      nodes.push(graphNode('model', `m${i}`, { dependsOn: parents.map((p) => model(`m${p}`)) }));
    }
    const graph = buildGraph(nodes);
    const order = graph.topologicalOrder();
    expect(order).toHaveLength(10_000);
    const position = new Map(order.map((id, index) => [id, index]));
    const misplaced = nodes.filter((node) => node.dependsOn.some((parent) => position.get(parent)! > position.get(node.id)!));
    expect(misplaced).toEqual([]);
    expect(graph.levels().flat()).toHaveLength(10_000);
  });
});
