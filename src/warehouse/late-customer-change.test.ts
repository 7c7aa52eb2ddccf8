import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunOutcome } from '../api/command-options.js';
import { build } from '../api/build.js';
import { run } from '../api/run-models.js';
import type { SeedCommandOptions } from '../api/run-seed.js';
import { snapshot } from '../api/snapshot.js';
import { generateDataset, writeDataset } from '../generator/index.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useWarehouseOnDatabase } from '../testing/warehouse-on-database.js';

/**
 * A customer's move that reaches the warehouse AFTER orders they placed after moving (weeks ago, far outside the
 * summary's lookback): fact_orders points those orders at the new version, and daily_sales_summary must rebuild
 * their days with the new country — it finds them through fact_orders' _trevco_loaded_at, which includes the load
 * time of the customer version. The summary must equal a full rebuild.
 */
function ok(outcome: RunOutcome): void {
  expect(outcome.results.filter((result) => !['success', 'pass', 'warn'].includes(result.status)).map((result) => `${result.nodeId}: ${result.message}`)).toEqual([]);
}

describe.each(adapterKinds())('a late customer change on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'summary days', () => {
    const fixture = useWarehouseOnDatabase(kind);

    it('rebuilds the summary days of the orders it applies to', async () => {
      const { adapter, options, root } = fixture();
      const csvDir = join(root, 'exports');
      await writeDataset(generateDataset({ orders: 300, seed: 5 }), csvDir);
      ok(await build(options<SeedCommandOptions>({ csvDir, runDate: '2025-10-31' })));

      const { rows: [order] } = await adapter.query<{ order_id: string; customer_id: string; order_date: string; country: string }>(`
        select o.order_id, o.customer_id, o.order_date::text as order_date, c.country_code as country
        from marts.fact_orders o join staging.stg_customers c on c.customer_id = o.customer_id
        where o.order_date < date '2025-09-01' and o.order_time > c.version_at + interval '2 hours'
        order by o.order_id limit 1`);
      const moved = order!.country === 'DE' ? 'FR' : 'DE';
      await adapter.query(`
        insert into raw.customers (customer_id, name, email, country, age, signup_date, marketing_opt_in, _trevco_loaded_at, _trevco_source_file)
        select customer_id, name, email, $2, age, (select order_time from staging.stg_orders where order_id = $3) - interval '1 hour', marketing_opt_in, now(), 'late/customers.csv'
        from raw.customers where customer_id = $1 order by signup_date desc limit 1`, [order!.customer_id, moved, order!.order_id]);

      ok(await run(options({ select: ['stg_customers'] })));
      ok(await snapshot(options()));
      ok(await run(options({ runDate: '2025-10-31' })));
      const { rows: [summary] } = await adapter.query<{ n: number }>(
        'select count(*)::int as n from marts.daily_sales_summary where order_date = $1::date and country = $2', [order!.order_date, moved]);
      expect(summary!.n).toBeGreaterThan(0);

      await adapter.execute('create table public.summary_daily as select * from marts.daily_sales_summary');
      ok(await run(options({ fullRefresh: true, runDate: '2025-10-31' })));
      const { rows: [diff] } = await adapter.query<{ missing: number; extra: number }>(`select
        (select count(*)::int from (select * from marts.daily_sales_summary except all select * from public.summary_daily) d) as missing,
        (select count(*)::int from (select * from public.summary_daily except all select * from marts.daily_sales_summary) d) as extra`);
      expect(diff).toEqual({ missing: 0, extra: 0 });
    });
  });
});
