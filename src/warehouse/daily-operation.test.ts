import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.js';
import { build } from '../api/build.js';
import type { RunOutcome } from '../api/command-options.js';
import { run } from '../api/run-models.js';
import type { SeedCommandOptions } from '../api/run-seed.js';
import { seed } from '../api/seed.js';
import { dailyExportDirs, generateDailyExports, writeDailyExports, type Dataset } from '../generator/index.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useWarehouseOnDatabase } from '../testing/warehouse-on-database.js';

/**
 * The warehouse's daily routine, end to end: a base export, then each day `seed --incremental --csv-dir daily/D`
 * and `build --run-date D`, with one day missed (the next day loads both folders, then builds once). Afterwards
 * every mart must equal a full rebuild over the final data, duplicates included, and raw and staging must hold
 * the generator's final state.
 *
 * "A full rebuild" keeps the customers snapshot: it holds history (a customer's earlier country) that the exports'
 * latest state cannot give back, so `--full-refresh` never rebuilds it and the comparison rebuilds every MODEL
 * over the same snapshot. The snapshot itself is checked against an independent computation instead: the
 * versions the generator's exports show at each build.
 */
const DAYS = 11;
const SKIPPED_DAY = 4;
// Seed 5 moves five orders to a day more than the summary's 3-day lookback after their first version (a newer
// version carries a later order_time): the summary must rebuild the days they left, not only the days they reach.
const EXPORTS = generateDailyExports({ orders: 300, seed: 5, days: DAYS, ordersPerDay: 20 });

/** Every model of the marts and reporting layers, with staging for good measure. */
const MODELS = [
  'staging.stg_customers', 'staging.stg_sessions', 'staging.stg_events', 'staging.stg_orders', 'staging.stg_reviews',
  'staging.stg_products', 'staging.stg_order_items',
  'marts.dim_date', 'marts.dim_country', 'marts.dim_customer', 'marts.dim_product', 'marts.dim_session',
  'marts.fact_orders', 'marts.fact_order_items', 'marts.fact_events', 'marts.daily_sales_summary',
  'reporting.daily_revenue', 'reporting.product_performance', 'reporting.customer_metrics',
];

type CustomerVersion = {
  readonly customer_id: number;
  readonly country: string;
  readonly email: string;
  readonly marketing_opt_in: boolean;
  readonly valid_from: string;
  readonly valid_to: string;
};

function ageBracket(age: number): string {
  return age < 25 ? '18-24' : age < 35 ? '25-34' : age < 45 ? '35-44' : age < 55 ? '45-54' : age < 65 ? '55-64' : '65+';
}

/**
 * The snapshot the daily routine must leave: at each build, every customer's latest known version (greatest
 * signup_date among the exports loaded so far); a new version whenever country, e-mail, opt-in or age bracket
 * differ from the last one captured, starting at that version's signup_date and closing its predecessor there.
 */
function expectedCustomerHistory(builds: readonly (readonly Dataset[])[]): CustomerVersion[] {
  const known = new Map<number, Dataset['customers'][number]>();
  const history = new Map<number, { row: Dataset['customers'][number]; from: string }[]>();
  for (const loads of builds) {
    for (const dataset of loads) {
      for (const row of dataset.customers) {
        const current = known.get(row.customer_id);
        if (!current || current.signup_date < row.signup_date) known.set(row.customer_id, row);
      }
    }
    for (const [id, row] of known) {
      const versions = history.get(id) ?? history.set(id, []).get(id)!;
      const last = versions.at(-1)?.row;
      const changed = !last || last.country !== row.country || last.email !== row.email || last.marketing_opt_in !== row.marketing_opt_in || ageBracket(last.age) !== ageBracket(row.age);
      if (changed) versions.push({ row, from: row.signup_date });
    }
  }
  return [...history.values()].flatMap((versions) => versions.map(({ row, from }, index) => ({
    customer_id: row.customer_id,
    country: row.country,
    email: row.email,
    marketing_opt_in: row.marketing_opt_in,
    valid_from: from,
    valid_to: versions[index + 1]?.from ?? '9999-12-31T00:00:00',
  }))).sort((a, b) => a.customer_id - b.customer_id || a.valid_from.localeCompare(b.valid_from));
}

function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function expectSuccess(outcome: RunOutcome, what: string): void {
  const bad = outcome.results.filter((result) => !['success', 'pass', 'warn'].includes(result.status));
  expect(bad.map((result) => `${what}: ${result.nodeId} ${result.status} ${result.message}`)).toEqual([]);
  expect(outcome.success).toBe(true);
}

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

/** Count and checksum of a table, in the database and in the generator's final state, over the same columns. */
async function checksum(adapter: Adapter, relation: string, key: string, columns: readonly string[]): Promise<{ rows: number; md5: string }> {
  const line = columns.map((column) => `coalesce(${column}::text, '')`).join(` || '|' || `);
  const { rows } = await adapter.query<{ rows: number; md5: string }>(
    `select count(*)::int as rows, md5(coalesce(string_agg(${line}, E'\\n' order by ${key}), '')) as md5 from ${relation}`,
  );
  return rows[0]!;
}

function expectedChecksum(dataset: Dataset, table: 'orders' | 'customers', key: string, columns: readonly string[]): { rows: number; md5: string } {
  const rows = [...(dataset[table] as unknown as readonly Record<string, unknown>[])].sort((a, b) => Number(a[key]) - Number(b[key]));
  const format = (value: unknown, column: string): string =>
    value === null || value === undefined ? '' : /_usd$|_pct$/.test(column) ? Number(value).toFixed(2) : String(value);
  return { rows: rows.length, md5: md5(rows.map((row) => columns.map((column) => format(row[column], column)).join('|')).join('\n')) };
}

/** Orders whose later version moved them more than `days` days after the day they were first exported on. */
function ordersMovedBeyond(days: number): number {
  const firstDay = new Map<number, string>();
  let moved = 0;
  for (const dataset of [EXPORTS.base, ...EXPORTS.days.map((day) => day.dataset)]) {
    for (const order of dataset.orders) {
      const day = String(order.order_time).slice(0, 10);
      const first = firstDay.get(Number(order.order_id));
      if (first === undefined) firstDay.set(Number(order.order_id), day);
      else if ((Date.parse(day) - Date.parse(first)) / 86_400_000 > days) moved++;
    }
  }
  return moved;
}

it('the generated exports move orders to days beyond the summary lookback (so the test below covers it)', () => {
  expect(ordersMovedBeyond(3)).toBeGreaterThan(0);
});

describe.each(adapterKinds())('the warehouse, operated daily, on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'daily routine', () => {
    const fixture = useWarehouseOnDatabase(kind);

    it(`${DAYS} daily loads and builds with a missed day leave every mart equal to a full rebuild`, async () => {
      const { adapter, options, root } = fixture();
      await writeDailyExports(EXPORTS, join(root, 'exports'));
      const dirs = dailyExportDirs(EXPORTS, join(root, 'exports'));

      expectSuccess(await seed(options<SeedCommandOptions>({ csvDir: dirs.base })), 'base seed');
      expectSuccess(await build(options({ runDate: dayBefore(EXPORTS.startDate) })), 'base build');

      let rebuiltBeyondLookback = 0;
      const builds: Dataset[][] = [[EXPORTS.base]];
      for (const [index, day] of EXPORTS.days.entries()) {
        if (index === SKIPPED_DAY) continue; // the pipeline did not run that day
        builds.push(index === SKIPPED_DAY + 1 ? [EXPORTS.days[index - 1]!.dataset, day.dataset] : [day.dataset]);
        if (index === SKIPPED_DAY + 1) expectSuccess(await seed(options<SeedCommandOptions>({ incremental: true, csvDir: dirs.days[index - 1] })), `seed ${EXPORTS.days[index - 1]!.date}`);
        expectSuccess(await seed(options<SeedCommandOptions>({ incremental: true, csvDir: dirs.days[index] })), `seed ${day.date}`);
        const outcome = await build(options({ runDate: day.date }));
        expectSuccess(outcome, `build ${day.date}`);
        const summary = outcome.results.find((result) => result.nodeId.endsWith('.daily_sales_summary'))!;
        const batches = (summary.details?.batches as string[] | undefined) ?? [];
        const lookbackStart = dayBefore(dayBefore(dayBefore(day.date)));
        rebuiltBeyondLookback += batches.filter((start) => start.slice(0, 10) < lookbackStart).length;
        if (index === SKIPPED_DAY + 1) expect(batches.map((start) => start.slice(0, 10))).toContain(EXPORTS.days[SKIPPED_DAY]!.date);
      }
      // Orders 4–10 days late (and updates of older orders) made days outside the lookback stale.
      expect(rebuiltBeyondLookback).toBeGreaterThan(0);

      // Raw and staging hold the generator's final state.
      const final = EXPORTS.finalState();
      const orderColumns = ['order_id', 'customer_id', 'payment_method', 'discount_pct', 'subtotal_usd', 'total_usd', 'country', 'device', 'source'];
      const customerColumns = ['customer_id', 'name', 'email', 'country', 'age'];
      const expectedOrders = expectedChecksum(final, 'orders', 'order_id', orderColumns);
      const expectedCustomers = expectedChecksum(final, 'customers', 'customer_id', customerColumns);
      // raw keeps the base's versions (a full load), so its latest version per key is the final state.
      const rawOrders = '(select distinct on (order_id) * from raw.orders order by order_id, order_time desc) r';
      const rawCustomers = '(select distinct on (customer_id) * from raw.customers order by customer_id, signup_date desc) r';
      expect(await checksum(adapter, rawOrders, 'order_id', orderColumns)).toEqual(expectedOrders);
      expect(await checksum(adapter, rawCustomers, 'customer_id', customerColumns)).toEqual(expectedCustomers);
      expect((await adapter.query<{ n: number }>('select count(*)::int as n from raw.order_items')).rows[0]!.n).toBe(final.order_items.length);
      expect(await checksum(adapter, 'staging.stg_orders', 'order_id', orderColumns.map((c) => (c === 'country' ? 'country_code' : c)))).toEqual(expectedOrders);
      expect(await checksum(adapter, 'staging.stg_customers', 'customer_id', customerColumns.map((c) => ({ country: 'country_code', name: 'customer_name' })[c] ?? c))).toEqual(expectedCustomers);
      const lines = await adapter.query<{ n: number }>('select count(*)::int as n from marts.fact_order_items');
      expect(lines.rows[0]!.n).toBe(final.order_items.length);

      // The snapshot kept every customer version the exports showed, each starting when the customer changed.
      const { rows: history } = await adapter.query<CustomerVersion>(`select customer_id::int as customer_id, country_code as country, email, marketing_opt_in,
          to_char(dbt_valid_from, 'YYYY-MM-DD"T"HH24:MI:SS') as valid_from, to_char(dbt_valid_to, 'YYYY-MM-DD"T"HH24:MI:SS') as valid_to
        from snapshots.customers_snapshot order by customer_id, dbt_valid_from`);
      const expectedHistory = expectedCustomerHistory(builds);
      expect(history.length).toBe(expectedHistory.length);
      expect(history).toEqual(expectedHistory);
      expect(history.length).toBeGreaterThan(final.customers.length);

      // An order placed before its customer moved keeps the old country, in fact_orders and in the summary.
      const moves = expectedHistory.filter((version, index) => index > 0 && expectedHistory[index - 1]!.customer_id === version.customer_id
        && expectedHistory[index - 1]!.country !== version.country && version.valid_from >= EXPORTS.startDate);
      expect(moves.length).toBeGreaterThan(0);
      let ordersBeforeMoves = 0;
      for (const move of moves) {
        const { rows: placed } = await adapter.query<{ order_id: string; order_date: string; order_country: string; customer_country: string; current_country: string; in_summary: boolean }>(
          `select o.order_id, o.order_date::text as order_date, o.country_code as order_country, c.country_code as customer_country,
             (select country_code from marts.dim_customer where customer_id = o.customer_id and is_current) as current_country,
             exists (select 1 from marts.daily_sales_summary s where s.order_date = o.order_date and s.country = c.country_code) as in_summary
           from marts.fact_orders o join marts.dim_customer c on c.customer_key = o.customer_key
           where o.customer_id = $1 and o.order_time < $2::timestamp`,
          [move.customer_id, move.valid_from],
        );
        const previous = expectedHistory[expectedHistory.indexOf(move) - 1]!.country;
        for (const order of placed) {
          expect(order).toMatchObject({ order_country: previous, customer_country: previous, current_country: move.country, in_summary: true });
        }
        ordersBeforeMoves += placed.length;
      }
      expect(ordersBeforeMoves).toBeGreaterThan(0);

      // Every model equals a full rebuild over the final data and the same snapshot (EXCEPT ALL both ways: duplicates count).
      await adapter.execute('create schema rebuild_check');
      for (const model of MODELS) await adapter.execute(`create table rebuild_check.${model.replace('.', '__')} as select * from ${model}`);
      expectSuccess(await run(options({ fullRefresh: true, runDate: EXPORTS.endDate })), 'full refresh');
      for (const model of MODELS) {
        const snapshot = `rebuild_check.${model.replace('.', '__')}`;
        const { rows } = await adapter.query<{ rows: number; missing: number; extra: number }>(`select
          (select count(*)::int from ${model}) as rows,
          (select count(*)::int from (select * from ${model} except all select * from ${snapshot}) d) as missing,
          (select count(*)::int from (select * from ${snapshot} except all select * from ${model}) d) as extra`);
        expect({ model, ...rows[0] }).toMatchObject({ model, missing: 0, extra: 0 });
        expect(rows[0]!.rows).toBeGreaterThan(0);
      }
    });
  });
});
