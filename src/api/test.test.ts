import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { DatabaseError } from '../errors/trevco-error.js';
import type { NodeResult } from '../executor/node-result.js';
import { run } from './run-models.js';
import { test } from './test.js';

const ORDERS_YML = `version: 2
models:
  - name: orders
    tests:
      - expression_is_true: { expression: "amount >= 0" }
      - not_empty
      - recency: { field: ordered_at, datepart: day, interval: 1 }
      - unique_combination_of_columns: { combination_of_columns: [order_id, customer_id] }
      - unique_combination_of_columns: { combination_of_columns: [status] }
    columns:
      - name: order_id
        tests:
          - unique
          - not_null
          - accepted_range: { min_value: 1, max_value: 3 }
          - not_null:
              name: orders_order_id_stored
              config: { store_failures: true }
          - not_null:
              name: orders_order_id_stored_aside
              config: { store_failures: true, schema: audit_aside, alias: null_order_ids }
      - name: customer_id
        tests:
          - relationships: { to: "ref('customers')", field: id }
          - relationships:
              name: orders_customer_known_where
              arguments: { to: "ref('customers')", field: id }
              config: { where: "customer_id <> 99" }
      - name: status
        tests:
          - accepted_values: { values: [placed, shipped] }
          - accepted_values: { name: status_warn, values: [placed, shipped], config: { severity: warn } }
          - accepted_values: { name: status_error_above_5, values: [placed, shipped], error_if: ">5" }
          - accepted_values: { name: status_error_above_1, values: [placed, shipped], error_if: ">1" }
          - accepted_values: { name: status_quiet, values: [placed, shipped], warn_if: ">5", error_if: ">5" }
          - accepted_values: { name: status_limited, values: [placed, shipped], limit: 1 }
      - name: amount
        tests:
          - expression_is_true: { expression: "< 100" }
          - accepted_range: { min_value: 0, max_value: 100 }
          - positive
  - name: customers
    columns:
      - name: id
        data_tests: [unique, not_null, is_even, { accepted_values: { values: [10, 11, 12], quote: false } }]
  - name: empty_orders
    tests: [not_empty]
  - name: old_events
    tests:
      - recency: { field: ts, datepart: day, interval: 1 }
sources:
  - name: raw
    tables:
      - name: events
        columns:
          - name: id
            tests: [unique]
`;

const FILES = {
  'models/orders.sql': [
    "{{ config(materialized='table') }}",
    'select * from (values',
    "  (1, 10, 'placed', 10, now()),",
    "  (2, 10, 'shipped', 20, now()),",
    "  (2, 11, 'returned', -5, now()),",
    "  (3, 99, 'placed', 30, now()),",
    "  (null, 12, 'lost', 500, now() - interval '10 days')",
    ') as t(order_id, customer_id, status, amount, ordered_at)',
  ].join('\n'),
  'models/customers.sql': "{{ config(materialized='table') }}\nselect * from (values (10), (11), (12)) as t(id)",
  'models/empty_orders.sql': "select * from {{ ref('orders') }} where false",
  'models/old_events.sql': "select now() - interval '3 days' as ts",
  'models/schema.yml': ORDERS_YML,
  'macros/is_even.sql': '{% test is_even(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} % 2 <> 0\n{% endtest %}\n',
  'tests/generic/positive.sql': "{% test positive(model, column_name, allow_zero=false) %}\nselect {{ column_name }} from {{ model }} where {{ column_name }} {{ '<' if allow_zero else '<=' }} 0\n{% endtest %}\n",
  'tests/assert_no_big_orders.sql': "select * from {{ ref('orders') }} where amount > {{ var('max_amount', 100) }}\n",
  'tests/checks/assert_few_customers.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('customers') }} where id > 100\n",
};

const P = 'test.test_project.';

describe.each(adapterKinds())('trevco test on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'data tests', () => {
    const fixture = useProjectOnDatabase(kind, FILES);
    let results: ReadonlyMap<string, NodeResult>;

    beforeAll(async () => {
      const { adapter, options } = fixture();
      await adapter.execute('create schema raw; create table raw.events as select * from (values (1), (2), (2)) as t(id)');
      expect((await run(options())).success).toBe(true);
      const outcome = await test(options());
      results = new Map(outcome.results.map((result) => [result.nodeId, result]));
      expect(outcome.success).toBe(false);
    });

    const outcomeOf = (name: string): [string, number | undefined] => {
      const result = results.get(`${P}${name}`);
      if (!result) throw new Error(`no result for ${name}; have ${[...results.keys()].join(', ')}`);
      return [result.status, result.failures];
    };

    it('runs every built-in test, passing and failing, with the exact failing-row count', () => {
      expect(Object.fromEntries([
        'unique_orders_order_id',
        'unique_customers_id',
        'not_null_orders_order_id',
        'not_null_customers_id',
        'accepted_values_orders_status__placed__shipped',
        'accepted_values_customers_id__False__10__11__12',
        'relationships_orders_customer_id__id__ref_customers_',
        'orders_customer_known_where',
        'unique_combination_of_columns_orders_order_id__customer_id',
        'unique_combination_of_columns_orders_status',
        'expression_is_true_orders_amount_0',
        'expression_is_true_orders_amount___100',
        'accepted_range_orders_order_id__3__1',
        'accepted_range_orders_amount__100__0',
        'not_empty_orders_',
        'not_empty_empty_orders_',
        'recency_orders_day__ordered_at__1',
        'recency_old_events_day__ts__1',
        'source_unique_raw_events_id',
      ].map((name) => [name, outcomeOf(name)]))).toEqual({
        unique_orders_order_id: ['fail', 1],
        unique_customers_id: ['pass', 0],
        not_null_orders_order_id: ['fail', 1],
        not_null_customers_id: ['pass', 0],
        accepted_values_orders_status__placed__shipped: ['fail', 2],
        accepted_values_customers_id__False__10__11__12: ['pass', 0],
        relationships_orders_customer_id__id__ref_customers_: ['fail', 1],
        orders_customer_known_where: ['pass', 0],
        unique_combination_of_columns_orders_order_id__customer_id: ['pass', 0],
        unique_combination_of_columns_orders_status: ['fail', 1],
        expression_is_true_orders_amount_0: ['fail', 1],
        expression_is_true_orders_amount___100: ['fail', 1],
        accepted_range_orders_order_id__3__1: ['pass', 0],
        accepted_range_orders_amount__100__0: ['fail', 2],
        not_empty_orders_: ['pass', 0],
        not_empty_empty_orders_: ['fail', 1],
        recency_orders_day__ordered_at__1: ['pass', 0],
        recency_old_events_day__ts__1: ['fail', 1],
        source_unique_raw_events_id: ['fail', 1],
      });
    });

    it('applies severity, warn_if, error_if and limit', () => {
      expect(outcomeOf('status_warn')).toEqual(['warn', 2]);
      expect(outcomeOf('status_error_above_5')).toEqual(['warn', 2]);
      expect(outcomeOf('status_error_above_1')).toEqual(['fail', 2]);
      expect(outcomeOf('status_quiet')).toEqual(['pass', 2]);
      expect(outcomeOf('status_limited')).toEqual(['fail', 1]);
      expect(results.get(`${P}status_error_above_1`)!.message).toBe('Got 2 results, configured to fail if >1');
    });

    it('reports the first failing rows and the compiled SQL path of a failure', () => {
      const result = results.get(`${P}accepted_values_orders_status__placed__shipped`)!;
      const rows = (result.details!.sampleRows as Record<string, unknown>[]).map((row) => row.value_field).sort();
      expect(rows).toEqual(['lost', 'returned']);
      const path = result.details!.compiledPath as string;
      expect(path).toBe('target/compiled/test_project/models/schema.yml/accepted_values_orders_status__placed__shipped.sql');
      expect(readFileSync(join(fixture().project.root, path), 'utf8')).toContain("not in ('placed', 'shipped')");
    });

    it('stores failing rows in the audit schema, replacing them on each run', async () => {
      const { adapter, options } = fixture();
      const result = results.get(`${P}orders_order_id_stored`)!;
      expect(result.details!.storedFailures).toBe('public_trevco_test_audit.orders_order_id_stored');
      expect(result.message).toContain('public_trevco_test_audit.orders_order_id_stored');
      const stored = await adapter.query('select order_id, customer_id, status from public_trevco_test_audit.orders_order_id_stored');
      expect(stored.rows).toEqual([{ order_id: null, customer_id: 12, status: 'lost' }]);
      // A test's own schema and alias say where its failures go, as in dbt.
      expect(results.get(`${P}orders_order_id_stored_aside`)!.details!.storedFailures).toBe('audit_aside.null_order_ids');
      expect((await adapter.query('select count(*)::int as n from audit_aside.null_order_ids')).rows).toEqual([{ n: 1 }]);
      await test(options({ select: ['orders_order_id_stored'] }));
      expect((await adapter.query('select count(*)::int as n from public_trevco_test_audit.orders_order_id_stored')).rows).toEqual([{ n: 1 }]);
    });

    it('runs custom generic tests from macros/ and tests/generic/', () => {
      expect(outcomeOf('is_even_customers_id')).toEqual(['fail', 1]);
      expect(outcomeOf('positive_orders_amount')).toEqual(['fail', 1]);
      expect((results.get(`${P}is_even_customers_id`)!.details!.sampleRows as unknown[])).toEqual([{ id: 11 }]);
    });

    it('runs singular tests with ref, var and config()', () => {
      expect(outcomeOf('assert_no_big_orders')).toEqual(['fail', 1]);
      expect(outcomeOf('assert_few_customers')).toEqual(['pass', 0]);
      expect(results.get(`${P}assert_no_big_orders`)!.details!.compiledPath).toBe('target/compiled/test_project/tests/assert_no_big_orders.sql');
    });

    it('--select <model> runs the tests of that model (and tests reaching it), test_type:singular only singular ones', async () => {
      const { options } = fixture();
      const customers = await test(options({ select: ['customers'] }));
      expect(customers.results.map((result) => result.nodeId).sort()).toEqual([
        `${P}accepted_values_customers_id__False__10__11__12`,
        `${P}assert_few_customers`,
        `${P}is_even_customers_id`,
        `${P}not_null_customers_id`,
        `${P}orders_customer_known_where`,
        `${P}relationships_orders_customer_id__id__ref_customers_`,
        `${P}unique_customers_id`,
      ]);
      const singular = await test(options({ select: ['test_type:singular'] }));
      expect(singular.results.map((result) => result.nodeId).sort()).toEqual([`${P}assert_few_customers`, `${P}assert_no_big_orders`]);
    });

    it('writes tests to manifest.json and results to run_results.json', async () => {
      const { project, options } = fixture();
      await test(options({ select: ['old_events'] }));
      const manifest = JSON.parse(readFileSync(join(project.root, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, Record<string, unknown>> };
      expect(manifest.nodes[`${P}unique_orders_order_id`]).toMatchObject({
        resource_type: 'test',
        depends_on: { nodes: ['model.test_project.orders'] },
        attached_node: 'model.test_project.orders',
        column_name: 'order_id',
        test_metadata: { name: 'unique', kwargs: { column_name: 'order_id' } },
        original_file_path: 'models/schema.yml',
      });
      expect(manifest.nodes[`${P}relationships_orders_customer_id__id__ref_customers_`]!.depends_on).toEqual({ nodes: ['model.test_project.customers', 'model.test_project.orders'] });
      expect(manifest.nodes[`${P}assert_no_big_orders`]).toMatchObject({ resource_type: 'test', depends_on: { nodes: ['model.test_project.orders'] } });
      const runResults = JSON.parse(readFileSync(join(project.root, 'target/run_results.json'), 'utf8')) as { results: { unique_id: string; status: string; failures: number }[] };
      expect(runResults.results).toEqual([expect.objectContaining({ unique_id: `${P}recency_old_events_day__ts__1`, status: 'fail', failures: 1 })]);
    });

    it('reports a test on a column that does not exist as an error naming the test, the YAML file and line', async () => {
      const { project, options } = fixture();
      project.write({
        'models/broken.sql': 'select 1 as id',
        'models/broken.yml': 'version: 2\nmodels:\n  - name: broken\n    columns:\n      - name: nope\n        tests: [not_null]\n',
      });
      try {
        expect((await run(options({ select: ['broken'] }))).success).toBe(true);
        const outcome = await test(options({ select: ['not_null_broken_nope'] }));
        const result = outcome.results[0]!;
        expect(result.status).toBe('error');
        expect(result.error).toBeInstanceOf(DatabaseError);
        expect(result.error).toMatchObject({ file: 'models/broken.yml', line: 6 });
        expect(result.message).toBe("test 'not_null_broken_nope' on 'broken' failed to run: column \"nope\" does not exist");
      } finally {
        project.write({ 'models/broken.yml': 'version: 2\n', 'models/broken.sql': 'select 1 as id' });
      }
    });
  });
});
