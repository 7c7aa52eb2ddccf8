import type { GraphNode, ResourceType } from '../graph/graph-node.js';

const PROJECT = 'trevco';

/** A GraphNode with sensible defaults: id, path and package derived from the type and name. */
export function graphNode(
  resourceType: ResourceType,
  name: string,
  fields: Partial<Omit<GraphNode, 'resourceType' | 'name'>> = {},
): GraphNode {
  const sourceName = fields.sourceName;
  const id =
    resourceType === 'source'
      ? `source.${PROJECT}.${sourceName ?? 'raw'}.${name}`
      : `${resourceType}.${PROJECT}.${name}`;
  const defaultPath = {
    model: `models/${name}.sql`,
    seed: `seeds/${name}.csv`,
    snapshot: `snapshots/${name}.sql`,
    source: 'models/sources.yml',
    test: `tests/${name}.sql`,
  }[resourceType];
  return {
    id,
    resourceType,
    name,
    path: defaultPath,
    tags: [],
    config: { enabled: true },
    dependsOn: [],
    packageName: PROJECT,
    ...(resourceType === 'source' ? { sourceName: 'raw' } : {}),
    ...(resourceType === 'test' ? { testType: 'singular' as const } : {}),
    ...fields,
  };
}

/** A model's id in the fixture project. */
export const model = (name: string): string => `model.${PROJECT}.${name}`;
/** A seed's id in the fixture project. */
export const seed = (name: string): string => `seed.${PROJECT}.${name}`;
/** A test's id in the fixture project. */
export const test = (name: string): string => `test.${PROJECT}.${name}`;
/** A source's id in the fixture project. */
export const source = (sourceName: string, table: string): string => `source.${PROJECT}.${sourceName}.${table}`;

/**
 * A small warehouse. Edges, parent → child:
 *
 *   raw.orders                   → stg_orders, stg_payments
 *   raw.customers, country_codes → stg_customers
 *   payment_methods (seed)       → stg_payments
 *   stg_orders                   → dim_customers, fact_orders
 *   stg_customers                → dim_customers
 *   stg_payments                 → fact_orders
 *   fact_orders, dim_customers   → rpt_revenue
 *   clickstream.events (source)  → nothing
 *
 * Tests: unique_stg_orders_order_id (stg_orders), not_null_dim_customers_customer_id (dim_customers),
 * relationships_fact_orders_customer_id (fact_orders, dim_customers), assert_revenue_positive (singular, rpt_revenue).
 */
export function warehouseNodes(): GraphNode[] {
  const sourceFile = 'models/staging/sources.yml';
  return [
    graphNode('source', 'orders', { sourceName: 'raw', path: sourceFile, tags: ['raw'] }),
    graphNode('source', 'customers', { sourceName: 'raw', path: sourceFile, tags: ['raw'] }),
    graphNode('source', 'events', { sourceName: 'clickstream', path: 'models/clickstream.yml' }),
    graphNode('seed', 'country_codes', { tags: ['reference'] }),
    graphNode('seed', 'payment_methods', { tags: ['reference'] }),
    graphNode('model', 'stg_orders', {
      path: 'models/staging/stg_orders.sql',
      tags: ['staging', 'daily'],
      config: { enabled: true, materialized: 'view', schema: 'staging' },
      dependsOn: [source('raw', 'orders')],
    }),
    graphNode('model', 'stg_customers', {
      path: 'models/staging/stg_customers.sql',
      tags: ['staging'],
      config: { enabled: true, materialized: 'view', schema: 'staging' },
      dependsOn: [source('raw', 'customers'), seed('country_codes')],
    }),
    graphNode('model', 'stg_payments', {
      path: 'models/staging/stg_payments.sql',
      tags: ['staging'],
      config: { enabled: true, materialized: 'view', schema: 'staging' },
      dependsOn: [source('raw', 'orders'), seed('payment_methods')],
    }),
    graphNode('model', 'dim_customers', {
      path: 'models/marts/dim_customers.sql',
      tags: ['marts'],
      config: { enabled: true, materialized: 'table', schema: 'marts', meta: { owner: 'crm' } },
      dependsOn: [model('stg_customers'), model('stg_orders')],
    }),
    graphNode('model', 'fact_orders', {
      path: 'models/marts/fact_orders.sql',
      tags: ['marts', 'finance', 'daily'],
      config: {
        enabled: true,
        materialized: 'incremental',
        schema: 'marts',
        unique_key: ['order_id', 'line_number'],
        meta: { owner: 'finance' },
      },
      dependsOn: [model('stg_orders'), model('stg_payments')],
    }),
    graphNode('model', 'rpt_revenue', {
      path: 'models/reporting/rpt_revenue.sql',
      tags: ['finance'],
      config: { enabled: true, materialized: 'materialized_view', schema: 'reporting' },
      dependsOn: [model('fact_orders'), model('dim_customers')],
    }),
    graphNode('test', 'unique_stg_orders_order_id', {
      path: 'models/staging/schema.yml',
      testType: 'generic',
      dependsOn: [model('stg_orders')],
    }),
    graphNode('test', 'not_null_dim_customers_customer_id', {
      path: 'models/marts/schema.yml',
      testType: 'generic',
      config: { enabled: true, severity: 'warn' },
      dependsOn: [model('dim_customers')],
    }),
    graphNode('test', 'relationships_fact_orders_customer_id', {
      path: 'models/marts/schema.yml',
      testType: 'generic',
      dependsOn: [model('fact_orders'), model('dim_customers')],
    }),
    graphNode('test', 'assert_revenue_positive', {
      path: 'tests/assert_revenue_positive.sql',
      tags: ['finance'],
      testType: 'singular',
      dependsOn: [model('rpt_revenue')],
    }),
  ];
}
