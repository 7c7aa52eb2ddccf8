import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../api/build.js';
import type { RunOutcome } from '../api/command-options.js';
import type { SeedCommandOptions } from '../api/run-seed.js';
import { test as runTests } from '../api/test.js';
import { generateDataset, writeDataset } from '../generator/index.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useWarehouseOnDatabase } from '../testing/warehouse-on-database.js';

/** The reconciliation tests catch a lost or doubled order line: each reports exactly the one day / order it hits. */
const RECONCILIATIONS = ['summary_revenue_matches_order_lines', 'order_subtotal_matches_lines', 'order_total_matches_discount'];

function failures(outcome: RunOutcome): Record<string, string> {
  return Object.fromEntries(outcome.results.map((result) => [result.nodeId.split('.').at(-1)!, `${result.status} ${result.failures ?? 0}`]));
}

describe.each(adapterKinds())('the warehouse reconciliations on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'corrupted order lines', () => {
    const fixture = useWarehouseOnDatabase(kind);

    it('fail with exactly one failing row for a dropped line, and for a doubled line', async () => {
      const { adapter, options, root } = fixture();
      const csvDir = join(root, 'exports');
      await writeDataset(generateDataset({ orders: 300, seed: 5 }), csvDir);
      const built = await build(options<SeedCommandOptions>({ csvDir, runDate: '2025-10-31' }));
      expect(built.results.filter((result) => !['success', 'pass', 'warn'].includes(result.status))).toEqual([]);
      // The original pipeline's reporting layer: materialized views with their indexes.
      const reporting = await adapter.query<{ name: string; indexdef: string }>(
        "select m.matviewname as name, i.indexdef from pg_matviews m left join pg_indexes i on i.schemaname = m.schemaname and i.tablename = m.matviewname where m.schemaname = 'reporting' order by 1",
      );
      expect(reporting.rows.map((row) => [row.name, row.indexdef?.replace(/^.* USING /, '')])).toEqual([
        ['customer_metrics', 'btree (revenue_usd)'],
        ['daily_revenue', 'btree (order_date)'],
        ['product_performance', 'btree (revenue_usd)'],
      ]);
      expect(reporting.rows.find((row) => row.name === 'daily_revenue')!.indexdef).toMatch(/^CREATE UNIQUE INDEX/);
      const select = RECONCILIATIONS;
      expect(failures(await runTests(options({ select })))).toEqual({
        summary_revenue_matches_order_lines: 'pass 0',
        order_subtotal_matches_lines: 'pass 0',
        order_total_matches_discount: 'pass 0',
      });

      await adapter.execute('create table lost_line as select * from marts.fact_order_items order by order_item_key limit 1');
      await adapter.execute('delete from marts.fact_order_items where order_item_key = (select order_item_key from lost_line)');
      const dropped = await runTests(options({ select }));
      expect(failures(dropped)).toEqual({
        summary_revenue_matches_order_lines: 'fail 1',
        order_subtotal_matches_lines: 'fail 1',
        order_total_matches_discount: 'pass 0',
      });
      expect(dropped.success).toBe(false);

      await adapter.execute('insert into marts.fact_order_items select * from lost_line');
      expect(failures(await runTests(options({ select })))).toMatchObject({ summary_revenue_matches_order_lines: 'pass 0', order_subtotal_matches_lines: 'pass 0' });

      await adapter.execute('insert into marts.fact_order_items select * from lost_line');
      const doubled = await runTests(options({ select }));
      expect(failures(doubled)).toEqual({
        summary_revenue_matches_order_lines: 'fail 1',
        order_subtotal_matches_lines: 'fail 1',
        order_total_matches_discount: 'pass 0',
      });
      expect(doubled.success).toBe(false);
    });
  });
});
