import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../errors/trevco-error.js';
import { graphNode, model, warehouseNodes } from '../../testing/graph-fixture.js';
import { buildGraph } from '../build-graph.js';
import type { DependencyGraph } from '../dependency-graph.js';
import { displayName } from '../graph-node.js';
import { selectNodes, type SelectOptions } from './select-nodes.js';

const warehouse = buildGraph(warehouseNodes());

/** The selected nodes' names (sources as source.table), in topological order. */
function names(options: SelectOptions, graph: DependencyGraph = warehouse): string[] {
  return selectNodes(graph, options).ids.map((id) => displayName(graph.node(id)));
}

/** Direct selection only, so operator and method tests list exactly what they match. */
const pick = (...select: string[]): string[] => names({ select, indirectTests: false });

const TESTS = [
  'assert_revenue_positive',
  'not_null_dim_customers_customer_id',
  'relationships_fact_orders_customer_id',
  'unique_stg_orders_order_id',
];
const ALL = [
  'country_codes',
  'payment_methods',
  'clickstream.events',
  'raw.customers',
  'stg_customers',
  'raw.orders',
  'stg_orders',
  'dim_customers',
  'stg_payments',
  'fact_orders',
  'rpt_revenue',
  ...TESTS,
];

describe('selectNodes without --select', () => {
  it('selects every node in topological order', () => {
    expect(names({})).toEqual(ALL);
    expect(names({ select: [] })).toEqual(ALL);
  });

  it('keeps only the requested resource types', () => {
    expect(names({ resourceTypes: ['model'] })).toEqual([
      'stg_customers',
      'stg_orders',
      'dim_customers',
      'stg_payments',
      'fact_orders',
      'rpt_revenue',
    ]);
    expect(names({ resourceTypes: ['seed', 'source'] })).toEqual([
      'country_codes',
      'payment_methods',
      'clickstream.events',
      'raw.customers',
      'raw.orders',
    ]);
    expect(names({ resourceTypes: [] })).toEqual(ALL);
  });
});

describe('graph operators', () => {
  it('selects a node by name', () => {
    expect(pick('fact_orders')).toEqual(['fact_orders']);
  });

  it('+name adds all ancestors', () => {
    expect(pick('+fact_orders')).toEqual(['payment_methods', 'raw.orders', 'stg_orders', 'stg_payments', 'fact_orders']);
  });

  it('name+ adds all descendants', () => {
    expect(pick('fact_orders+')).toEqual([
      'fact_orders',
      'rpt_revenue',
      'assert_revenue_positive',
      'relationships_fact_orders_customer_id',
    ]);
  });

  it('n+name and name+n stop after n generations', () => {
    expect(pick('1+rpt_revenue')).toEqual(['dim_customers', 'fact_orders', 'rpt_revenue']);
    expect(pick('2+rpt_revenue')).toEqual([
      'stg_customers',
      'stg_orders',
      'dim_customers',
      'stg_payments',
      'fact_orders',
      'rpt_revenue',
    ]);
    expect(pick('stg_orders+1')).toEqual(['stg_orders', 'dim_customers', 'fact_orders', 'unique_stg_orders_order_id']);
    expect(pick('0+stg_orders+0')).toEqual(['stg_orders']);
  });

  it('+name+ adds both', () => {
    expect(pick('+stg_payments+')).toEqual([
      'payment_methods',
      'raw.orders',
      'stg_payments',
      'fact_orders',
      'rpt_revenue',
      'assert_revenue_positive',
      'relationships_fact_orders_customer_id',
    ]);
  });

  it('@name adds the descendants and every ancestor of those descendants', () => {
    // rpt_revenue reads fact_orders, so fact_orders and its own parents come in although stg_customers never reaches them.
    expect(pick('@stg_customers')).toEqual(ALL.filter((name) => !['clickstream.events', 'unique_stg_orders_order_id'].includes(name)));
  });

  it('applies operators to every node a method matches', () => {
    expect(pick('tag:reference+1')).toEqual(['country_codes', 'payment_methods', 'stg_customers', 'stg_payments']);
  });
});

describe('set operators', () => {
  it('a space is a union, however the CLI split the arguments', () => {
    const expected = ['stg_customers', 'stg_orders'];
    expect(pick('stg_orders', 'stg_customers')).toEqual(expected);
    expect(pick('stg_orders stg_customers')).toEqual(expected);
  });

  it('a comma is an intersection', () => {
    expect(pick('tag:staging,tag:daily')).toEqual(['stg_orders']);
    expect(pick('+rpt_revenue,tag:reference')).toEqual(['country_codes', 'payment_methods']);
    expect(pick('tag:marts,config.materialized:table fact_orders')).toEqual(['dim_customers', 'fact_orders']);
  });

  it('--exclude removes its matches after the union', () => {
    expect(names({ select: ['+fact_orders'], exclude: ['source:raw stg_payments'], indirectTests: false })).toEqual([
      'payment_methods',
      'stg_orders',
      'fact_orders',
    ]);
    expect(names({ exclude: ['tag:staging+'], resourceTypes: ['model'] })).toEqual([]);
    expect(names({ exclude: ['resource_type:test', 'resource_type:source', 'resource_type:seed', 'tag:staging'] })).toEqual([
      'dim_customers',
      'fact_orders',
      'rpt_revenue',
    ]);
  });
});

describe('methods', () => {
  it('fqn: a name, a glob, a dotted folder path, a source as source.table, or * for everything', () => {
    expect(pick('stg_*')).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('fqn:stg_orders')).toEqual(['stg_orders']);
    expect(pick('trevco.reporting.*')).toEqual(['rpt_revenue']);
    expect(pick('trevco.marts.fact_orders')).toEqual(['fact_orders']);
    expect(pick('trevco.marts')).toEqual([
      'dim_customers',
      'fact_orders',
      'not_null_dim_customers_customer_id',
      'relationships_fact_orders_customer_id',
    ]);
    expect(pick('raw.orders')).toEqual(['raw.orders']);
    expect(pick('raw.*')).toEqual(['raw.customers', 'raw.orders']);
    expect(pick('*')).toEqual(ALL);
    expect(pick('trevco')).toEqual(ALL);
  });

  it('fqn: a bare table name does not select a source, as in dbt', () => {
    expect(pick('orders')).toEqual([]);
  });

  it('tag:, with globs', () => {
    expect(pick('tag:finance')).toEqual(['fact_orders', 'rpt_revenue', 'assert_revenue_positive']);
    expect(pick('tag:fin*')).toEqual(['fact_orders', 'rpt_revenue', 'assert_revenue_positive']);
    expect(pick('tag:raw')).toEqual(['raw.customers', 'raw.orders']);
  });

  it('path: a folder selects everything under it, a file itself; globs work', () => {
    const marts = ['dim_customers', 'fact_orders', 'not_null_dim_customers_customer_id', 'relationships_fact_orders_customer_id'];
    expect(pick('path:models/marts')).toEqual(marts);
    expect(pick('path:models/marts/')).toEqual(marts);
    expect(pick('path:./models/marts')).toEqual(marts);
    expect(pick('models/marts')).toEqual(marts);
    expect(pick('path:models/mart')).toEqual([]);
    expect(pick('path:models/staging/stg_orders.sql')).toEqual(['stg_orders']);
    expect(pick('path:models/staging/stg_*.sql')).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('path:models/*/schema.yml')).toEqual([...marts.slice(2), 'unique_stg_orders_order_id']);
    expect(pick('path:models/*')).toEqual(ALL.filter((name) => !['country_codes', 'payment_methods', 'assert_revenue_positive'].includes(name)));
    expect(pick('path:seeds')).toEqual(['country_codes', 'payment_methods']);
  });

  it('file: by file name or stem', () => {
    expect(pick('file:fact_orders.sql')).toEqual(['fact_orders']);
    expect(pick('file:fact_orders')).toEqual(['fact_orders']);
    expect(pick('fact_orders.sql')).toEqual(['fact_orders']);
    expect(pick('file:country_*.csv')).toEqual(['country_codes']);
  });

  it('source: by source, source.table or package.source.table, with globs', () => {
    expect(pick('source:raw')).toEqual(['raw.customers', 'raw.orders']);
    expect(pick('source:raw.orders')).toEqual(['raw.orders']);
    expect(pick('source:trevco.raw.orders')).toEqual(['raw.orders']);
    expect(pick('source:other.raw.orders')).toEqual([]);
    expect(pick('source:*.events')).toEqual(['clickstream.events']);
    expect(pick('source:raw.cust*')).toEqual(['raw.customers']);
    expect(pick('source:raw+1')).toEqual(['raw.customers', 'stg_customers', 'raw.orders', 'stg_orders', 'stg_payments']);
  });

  it('resource_type: and package:', () => {
    expect(pick('resource_type:seed')).toEqual(['country_codes', 'payment_methods']);
    expect(pick('resource_type:test')).toEqual(TESTS);
    expect(pick('package:trevco')).toEqual(ALL);
    expect(pick('package:dbt_utils')).toEqual([]);
  });

  it('config.<key>: compares text, booleans, list members and nested keys', () => {
    expect(pick('config.materialized:incremental')).toEqual(['fact_orders']);
    expect(pick('config.materialized:view')).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(pick('config.unique_key:line_number')).toEqual(['fact_orders']);
    expect(pick('config.meta.owner:crm')).toEqual(['dim_customers']);
    expect(pick('config.enabled:TRUE')).toEqual(ALL);
    expect(pick('config.enabled:false')).toEqual([]);
    expect(pick('config.severity:WARN')).toEqual(['not_null_dim_customers_customer_id']);
    expect(pick('config.materialized:VIEW')).toEqual([]);
    expect(pick('config.meta:crm')).toEqual([]);
    expect(pick('config.constructor:x')).toEqual([]);
  });

  it('test_type: generic and singular, and their old names schema and data', () => {
    expect(pick('test_type:generic')).toEqual(TESTS.slice(1));
    expect(pick('test_type:schema')).toEqual(TESTS.slice(1));
    expect(pick('test_type:singular')).toEqual(['assert_revenue_positive']);
    expect(pick('test_type:data')).toEqual(['assert_revenue_positive']);
  });

  it('result: by the status of the last run', () => {
    const previousResults = new Map([
      [model('stg_payments'), 'error'],
      [model('fact_orders'), 'skipped'],
      [model('stg_orders'), 'success'],
      ['test.trevco.unique_stg_orders_order_id', 'fail'],
    ]);
    const withResults = (...select: string[]): string[] => names({ select, previousResults, indirectTests: false });
    expect(withResults('result:error')).toEqual(['stg_payments']);
    expect(withResults('result:error+')).toEqual([
      'stg_payments',
      'fact_orders',
      'rpt_revenue',
      'assert_revenue_positive',
      'relationships_fact_orders_customer_id',
    ]);
    expect(withResults('result:fail')).toEqual(['unique_stg_orders_order_id']);
    expect(withResults('result:skipped result:success')).toEqual(['stg_orders', 'fact_orders']);
    expect(withResults('result:warn')).toEqual([]);
  });

  it('result: without previous results is an error', () => {
    expect(() => selectNodes(warehouse, { select: ['result:error'] })).toThrow(ConfigError);
    expect(() => selectNodes(warehouse, { select: ['result:error'] })).toThrow(
      "'result:error' needs the results of a previous run, and there are none",
    );
  });
});

describe('indirect test selection', () => {
  it('is eager by default: a test comes with ANY node it tests', () => {
    expect(names({ select: ['stg_orders'] })).toEqual(['stg_orders', 'unique_stg_orders_order_id']);
    // The relationships test also reads dim_customers, which is not selected; eager selection takes it anyway.
    expect(names({ select: ['fact_orders'] })).toEqual(['fact_orders', 'relationships_fact_orders_customer_id']);
    expect(names({ select: ['source:raw'] })).toEqual(['raw.customers', 'raw.orders']);
  });

  it('excludes a test when ANY node it tests is excluded', () => {
    expect(names({ select: ['+rpt_revenue'], exclude: ['dim_customers'], resourceTypes: ['test'] })).toEqual([
      'assert_revenue_positive',
      'unique_stg_orders_order_id',
    ]);
    expect(names({ exclude: ['fact_orders'], resourceTypes: ['test'] })).toEqual([
      'assert_revenue_positive',
      'not_null_dim_customers_customer_id',
      'unique_stg_orders_order_id',
    ]);
  });

  it('lets `trevco test --select model` run the model\'s tests', () => {
    expect(names({ select: ['tag:marts'], resourceTypes: ['test'] })).toEqual([
      'not_null_dim_customers_customer_id',
      'relationships_fact_orders_customer_id',
    ]);
  });

  it('is off with indirectTests: false', () => {
    expect(names({ select: ['fact_orders'], indirectTests: false })).toEqual(['fact_orders']);
    expect(names({ select: ['tag:marts'], resourceTypes: ['test'], indirectTests: false })).toEqual([]);
    expect(names({ exclude: ['fact_orders'], resourceTypes: ['test'], indirectTests: false })).toEqual(TESTS);
  });
});

describe('selectors that match nothing', () => {
  it('are listed, once each, without failing', () => {
    const result = selectNodes(warehouse, { select: ['nope tag:finance +nothing,tag:x nope'], exclude: ['missing'] });
    expect(result.unmatched).toEqual(['nope', '+nothing', 'tag:x']);
    expect(result.ids.map((id) => warehouse.node(id).name)).toEqual(['fact_orders', 'rpt_revenue', 'assert_revenue_positive', 'relationships_fact_orders_customer_id']);
    expect(selectNodes(warehouse, {}).unmatched).toEqual([]);
  });
});

describe('disabled nodes', () => {
  it('are never selected, even through graph operators', () => {
    const graph = buildGraph([
      graphNode('model', 'a'),
      graphNode('model', 'b', { dependsOn: [model('a')], config: { enabled: false } }),
      graphNode('model', 'c', { dependsOn: [model('b')] }),
    ]);
    expect(names({}, graph)).toEqual(['a', 'c']);
    expect(names({ select: ['a+'] }, graph)).toEqual(['a', 'c']);
    expect(selectNodes(graph, { select: ['b'] })).toEqual({ ids: [], unmatched: ['b'] });
  });
});

describe('malformed selectors', () => {
  it('throw a ConfigError from --select and --exclude alike', () => {
    expect(() => selectNodes(warehouse, { select: ['foo:bar'] })).toThrow(ConfigError);
    expect(() => selectNodes(warehouse, { exclude: ['++a'] })).toThrow("'++a' has a misplaced '+'");
    expect(() => selectNodes(warehouse, { select: ['2+'] })).toThrow("'2+' names no nodes");
  });
});
