import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { SeedError } from '../errors/trevco-error.js';
import { seed } from './seed.js';
import { run } from './run-models.js';

const PROJECT_YML = `name: shop
sources:
  raw:
    schema: raw
    tables:
      orders:
        csv: orders/*.csv
        ddl: ddl/orders.sql
        cdc_column: updated_at
        primary_key: [order_id]
      refunds:
        csv: refunds.csv
`;

const FILES = {
  'seeds/countries.csv': 'code,name,zip\nDE,Germany,01067\nFR,France,75001\n',
  'sql/ddl/orders.sql': 'create table {{ this }} (\n  order_id bigint,\n  amount numeric(12,2),\n  updated_at timestamp\n);\n',
  'csv/orders/2025-01-01.csv': 'order_id,amount,updated_at\n1,10.00,2025-01-01T10:00:00\n2,20.00,2025-01-01T11:00:00\n',
  'csv/orders/2025-01-02.csv': 'order_id,amount,updated_at\n3,30.00,2025-01-02T09:00:00\n',
  'csv/refunds.csv': 'refund_id,order_id\n1,2\n',
  'models/order_totals.sql': "select count(*)::int as orders, sum(amount) as amount from {{ source('raw', 'orders') }}",
};

describe.each(adapterKinds())('trevco seed on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'seeds and CSV sources', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT_YML);

    it('loads seeds and every file of a source glob into one typed table, with load metadata', async () => {
      const { adapter, options } = fixture();
      const outcome = await seed(options());
      expect(outcome.success).toBe(true);
      expect(outcome.results.map((result) => [result.nodeId, result.status, result.message])).toEqual([
        ['seed.shop.countries', 'success', 'INSERT 2'],
        ['source.shop.raw.orders', 'success', 'INSERT 3'],
        ['source.shop.raw.refunds', 'success', 'INSERT 1'],
      ]);
      const orders = await adapter.query('select order_id, amount, _trevco_source_file as file from raw.orders order by order_id');
      expect(orders.rows).toEqual([
        { order_id: '1', amount: '10.00', file: 'csv/orders/2025-01-01.csv' },
        { order_id: '2', amount: '20.00', file: 'csv/orders/2025-01-01.csv' },
        { order_id: '3', amount: '30.00', file: 'csv/orders/2025-01-02.csv' },
      ]);
      const zips = await adapter.query('select zip from public.countries order by code');
      expect(zips.rows).toEqual([{ zip: '01067' }, { zip: '75001' }]);
    });

    it('selects a source by its bare table name, as users name the file they load', async () => {
      const { options } = fixture();
      const outcome = await seed(options({ select: ['countries refunds'] }));
      expect(outcome.results.map((result) => result.nodeId)).toEqual(['seed.shop.countries', 'source.shop.raw.refunds']);
    });

    it('merges an export folder given with csvDir incrementally, and selects by name', async () => {
      const { adapter, options } = fixture();
      await seed(options({ select: ['source:raw.orders'] }));
      await run(options());
      const exportDir = mkdtempSync(join(tmpdir(), 'trevco-export-'));
      mkdirSync(join(exportDir, 'orders'));
      writeFileSync(join(exportDir, 'orders', 'day.csv'), 'order_id,amount,updated_at\n2,25.00,2025-01-03T08:00:00\n4,40.00,2025-01-03T09:00:00\n1,5.00,2024-12-31T00:00:00\n');
      const outcome = await seed(options({ select: ['source:raw.orders'], incremental: true, csvDir: exportDir }));
      expect(outcome.results).toHaveLength(1);
      expect(outcome.results[0]!.message).toBe('MERGE 3 read: 1 new, 1 updated, 1 unchanged');
      const rows = await adapter.query('select order_id, amount from raw.orders order by order_id');
      expect(rows.rows).toEqual([
        { order_id: '1', amount: '10.00' },
        { order_id: '2', amount: '25.00' },
        { order_id: '3', amount: '30.00' },
        { order_id: '4', amount: '40.00' },
      ]);
      expect((await adapter.query('select orders, amount from order_totals')).rows).toEqual([{ orders: 4, amount: '105.00' }]);
    });

    it('reports a source glob that matches no file as a failed node, leaving the table as it was', async () => {
      const { adapter, options } = fixture();
      const emptyDir = mkdtempSync(join(tmpdir(), 'trevco-empty-export-'));
      const outcome = await seed(options({ select: ['source:raw.refunds'], csvDir: emptyDir }));
      expect(outcome.success).toBe(false);
      const error = outcome.results[0]!.error as SeedError;
      expect(error).toBeInstanceOf(SeedError);
      expect(error.message).toMatch(/^source 'raw\.refunds' names CSV 'refunds\.csv', but no file matches it in /);
      expect((await adapter.query('select count(*)::int as n from raw.refunds')).rows[0]).toEqual({ n: 1 });
    });
  });
});
