import { describe, expect, it } from 'vitest';
import { graphNode, model, seed, source, test, warehouseNodes } from '../testing/graph-fixture.js';
import { buildGraph } from './build-graph.js';

const graph = buildGraph(warehouseNodes());

describe('DependencyGraph', () => {
  it('looks nodes up by id', () => {
    expect(graph.has(model('fact_orders'))).toBe(true);
    expect(graph.has(model('nope'))).toBe(false);
    expect(graph.node(model('fact_orders')).path).toBe('models/marts/fact_orders.sql');
    expect(() => graph.node(model('nope'))).toThrow("no node with id 'model.trevco.nope'");
    expect(() => graph.parents(model('nope'))).toThrow("no node with id 'model.trevco.nope'");
  });

  it('lists nodes and ids in topological order', () => {
    expect(graph.nodes().map((node) => node.id)).toEqual(graph.ids());
    expect(graph.ids().indexOf(model('stg_orders'))).toBeLessThan(graph.ids().indexOf(model('fact_orders')));
  });

  it('gives parents and children sorted by id', () => {
    expect(graph.parents(model('fact_orders'))).toEqual([model('stg_orders'), model('stg_payments')]);
    expect(graph.parents(seed('country_codes'))).toEqual([]);
    expect(graph.children(model('stg_orders'))).toEqual([
      model('dim_customers'),
      model('fact_orders'),
      test('unique_stg_orders_order_id'),
    ]);
  });

  it('returns copies that callers may change', () => {
    graph.parents(model('fact_orders')).push('x');
    graph.levels()[0]!.push('x');
    expect(graph.parents(model('fact_orders'))).toHaveLength(2);
    expect(graph.levels()[0]).not.toContain('x');
  });

  it('walks ancestors and descendants, with and without a depth', () => {
    expect([...graph.ancestors(model('fact_orders'))].sort()).toEqual([
      model('stg_orders'),
      model('stg_payments'),
      seed('payment_methods'),
      source('raw', 'orders'),
    ]);
    expect([...graph.ancestors(model('rpt_revenue'), 1)].sort()).toEqual([model('dim_customers'), model('fact_orders')]);
    expect(graph.ancestors(model('rpt_revenue'), 0).size).toBe(0);
    expect([...graph.descendants(model('stg_payments'))].sort()).toEqual([
      model('fact_orders'),
      model('rpt_revenue'),
      test('assert_revenue_positive'),
      test('relationships_fact_orders_customer_id'),
    ]);
    expect([...graph.descendants(model('stg_payments'), 2)].sort()).toEqual([
      model('fact_orders'),
      model('rpt_revenue'),
      test('relationships_fact_orders_customer_id'),
    ]);
  });

  it('counts depth along the shortest path', () => {
    // raw.orders reaches fact_orders in two steps through stg_orders and through stg_payments alike,
    // and dim_customers both in two steps (stg_orders) and not more.
    const two = graph.descendants(source('raw', 'orders'), 2);
    expect(two.has(model('fact_orders'))).toBe(true);
    expect(two.has(model('dim_customers'))).toBe(true);
    expect(two.has(model('rpt_revenue'))).toBe(false);
  });

  it('walks from several ids at once, including a start that another start reaches', () => {
    const up = graph.ancestors([model('dim_customers'), model('stg_customers')], 1);
    expect([...up].sort()).toEqual([
      model('stg_customers'),
      model('stg_orders'),
      seed('country_codes'),
      source('raw', 'customers'),
    ]);
  });

  it('orders a subset by the whole graph, so dependencies through unselected nodes hold', () => {
    expect(graph.topologicalOrder([model('rpt_revenue'), source('raw', 'orders'), 'unknown'])).toEqual([
      source('raw', 'orders'),
      model('rpt_revenue'),
    ]);
    expect(graph.topologicalOrder(new Set([model('fact_orders'), model('stg_payments')]))).toEqual([
      model('stg_payments'),
      model('fact_orders'),
    ]);
  });

  it('groups nodes in levels by their longest path from a root', () => {
    expect(graph.levels()).toEqual([
      [seed('country_codes'), seed('payment_methods'), source('clickstream', 'events'), source('raw', 'customers'), source('raw', 'orders')],
      [model('stg_customers'), model('stg_orders'), model('stg_payments')],
      [model('dim_customers'), model('fact_orders'), test('unique_stg_orders_order_id')],
      [model('rpt_revenue'), test('not_null_dim_customers_customer_id'), test('relationships_fact_orders_customer_id')],
      [test('assert_revenue_positive')],
    ]);
    expect(buildGraph([]).levels()).toEqual([]);
  });

  it('cuts an induced subgraph', () => {
    const sub = graph.subgraph([model('stg_orders'), model('fact_orders'), model('rpt_revenue')]);
    expect(sub.ids()).toEqual([model('stg_orders'), model('fact_orders'), model('rpt_revenue')]);
    expect(sub.parents(model('fact_orders'))).toEqual([model('stg_orders')]);
    expect(sub.children(model('fact_orders'))).toEqual([model('rpt_revenue')]);
    expect(sub.levels()).toEqual([[model('stg_orders')], [model('fact_orders')], [model('rpt_revenue')]]);
    expect(sub.has(model('dim_customers'))).toBe(false);
  });

  it('copies itself into a graphlib Graph', () => {
    const copy = buildGraph([graphNode('model', 'a'), graphNode('model', 'b', { dependsOn: [model('a')] })]).toGraphlib();
    expect(copy.nodes().sort()).toEqual([model('a'), model('b')]);
    expect(copy.hasEdge(model('a'), model('b'))).toBe(true);
    expect(copy.node(model('b')).name).toBe('b');
  });
});
