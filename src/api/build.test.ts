import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { build } from './build.js';
import type { RunEvent } from './command-options.js';

const PROJECT_YML = `name: shop
sources:
  raw:
    schema: raw
    tables:
      orders:
        csv: orders.csv
`;

const FILES = {
  'seeds/statuses.csv': 'status,label\nnew,New\nshipped,Shipped\n',
  'csv/orders.csv': 'order_id,status,amount\n1,new,10\n2,shipped,20\n3,shipped,30\n',
  'models/stg_orders.sql': "{{ config(materialized='table') }}\nselect o.order_id, o.amount, s.label from {{ source('raw', 'orders') }} o join {{ ref('statuses') }} s using (status)",
  'models/order_report.sql': "{{ config(materialized='table') }}\nselect label, sum(amount)::int as amount from {{ ref('stg_orders') }} group by label",
  'models/report_view.sql': "select * from {{ ref('order_report') }}",
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: stg_orders',
    '    columns:',
    '      - name: order_id',
    '        tests: [unique, not_null]',
    '      - name: amount',
    '        tests:',
    '          - accepted_range: { min_value: 0, max_value: 25, config: { severity: error } }',
    '',
  ].join('\n'),
};

describe.each(adapterKinds())('trevco build on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'seeds, sources, models and tests in one graph order', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT_YML);

    it('runs a failing error-severity test right after its model and skips everything downstream', async () => {
      const { adapter, options } = fixture();
      const finished: string[] = [];
      const outcome = await build(options({ onEvent: (event: RunEvent) => event.type === 'node-finished' && finished.push(event.label.nodeId) }));
      const status = Object.fromEntries(outcome.results.map((result) => [result.nodeId, result.status]));
      expect(status).toMatchObject({
        'seed.shop.statuses': 'success',
        'source.shop.raw.orders': 'success',
        'model.shop.stg_orders': 'success',
        'model.shop.order_report': 'skipped',
        'model.shop.report_view': 'skipped',
      });
      const rangeTest = outcome.results.find((result) => result.nodeId.includes('accepted_range'))!;
      expect(rangeTest).toMatchObject({ status: 'fail', failures: 1 });
      expect(finished.indexOf(rangeTest.nodeId)).toBeGreaterThan(finished.indexOf('model.shop.stg_orders'));
      expect(outcome.success).toBe(false);
      expect((await adapter.query('select count(*)::int as n from stg_orders')).rows[0]).toEqual({ n: 3 });
    });

    it('goes on past a warn-severity test, and does not reload a source that exists', async () => {
      const { adapter, options } = fixture();
      const { project } = fixture();
      project.write({ 'models/schema.yml': FILES['models/schema.yml'].replace('severity: error', 'severity: warn') });
      await adapter.execute("insert into raw.orders (order_id, status, amount, _trevco_loaded_at, _trevco_source_file) values (4, 'new', 1, now(), 'by hand')");
      const outcome = await build(options());
      expect(outcome.results.some((result) => result.nodeId === 'source.shop.raw.orders')).toBe(false);
      const status = Object.fromEntries(outcome.results.map((result) => [result.nodeId, result.status]));
      expect(status['model.shop.order_report']).toBe('success');
      expect(status['model.shop.report_view']).toBe('success');
      expect(outcome.results.find((result) => result.nodeId.includes('accepted_range'))).toMatchObject({ status: 'warn', failures: 1 });
      expect(outcome.success).toBe(true);
      expect((await adapter.query('select label, amount from report_view order by label')).rows).toEqual([
        { label: 'New', amount: 11 },
        { label: 'Shipped', amount: 50 },
      ]);
    });

    it('reloads sources from the CSV with --full-refresh', async () => {
      const { adapter, options } = fixture();
      const outcome = await build(options({ fullRefresh: true, select: ['source:raw.orders+'] }));
      expect(outcome.results.find((result) => result.nodeId === 'source.shop.raw.orders')).toMatchObject({ status: 'success', message: 'INSERT 3' });
      expect((await adapter.query('select count(*)::int as n from raw.orders')).rows[0]).toEqual({ n: 3 });
    });
  });
});
