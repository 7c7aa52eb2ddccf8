import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../api/command-options.js';
import { run } from '../../api/run-models.js';
import { retry } from '../../api/retry.js';
import { adapterKinds } from '../../testing/test-databases.js';
import { useProjectOnDatabase } from '../../testing/project-on-database.js';

const SUMMARY = [
  "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='2025-01-01', batch_size='day') }}",
  'select o.ordered_at::date as order_date, count(*)::int as orders, sum(o.amount)::int as revenue, {{ batch.event_time_start }} as batch_start',
  "from {{ source('raw', 'orders') }} o",
  'group by 1',
].join('\n');

const FILES = {
  'seeds/.keep': '',
  'models/daily_summary.sql': SUMMARY,
  // Reads its upstream whole: render() opts out of the batch filter.
  'models/daily_share.sql': [
    "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='2025-01-01') }}",
    "select s.order_date, s.orders, (select sum(orders) from {{ ref('daily_summary').render() }})::int as all_orders",
    "from {{ ref('daily_summary') }} as s",
  ].join('\n'),
  'models/fragile.sql': [
    "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='2025-01-01', lookback=0) }}",
    "select ordered_at::date as order_date, sum(100 / amount)::int as inverse from {{ source('raw', 'orders') }} group by 1",
  ].join('\n'),
};

const PROJECT = [
  'name: test_project',
  'sources:',
  '  raw:',
  '    tables:',
  '      orders: { event_time: ordered_at }',
  'models:',
  '  daily_summary: { event_time: order_date }',
  '',
].join('\n');

describe.each(adapterKinds())('microbatch on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'microbatch', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT);
    const rows = async (sql: string) => (await fixture().adapter.query(sql)).rows;
    const summary = () => rows('select order_date::text as day, orders, revenue from daily_summary order by 1');
    const day = async (date: string, amounts: number[], loaded = 'now()') => {
      for (const amount of amounts) await fixture().adapter.query(`insert into raw.orders (amount, ordered_at, _trevco_loaded_at) values ($1, $2::timestamp + interval '6 hours', ${loaded})`, [amount, date]);
    };

    it('builds begin..run_date on the first run, with windowed reads and batch bounds, and records each batch', async () => {
      const { adapter, options } = fixture();
      await adapter.execute('create schema raw; create table raw.orders (order_id serial, amount int, ordered_at timestamp, _trevco_loaded_at timestamptz)');
      await day('2025-01-01', [10, 5]);
      await day('2025-01-02', [7]);
      await day('2025-01-03', [1]);
      await day('2025-01-04', [100]);
      const outcome = await run(options({ select: ['daily_summary', 'daily_share'], runDate: '2025-01-03' }));
      expect(outcome.results.map((result) => result.status)).toEqual(['success', 'success']);
      expect(outcome.results[0]!.details).toMatchObject({ action: 'created', batchesBuilt: 3 });
      expect(await summary()).toEqual([
        { day: '2025-01-01', orders: 2, revenue: 15 }, { day: '2025-01-02', orders: 1, revenue: 7 }, { day: '2025-01-03', orders: 1, revenue: 1 },
      ]);
      expect(await rows("select batch_start::text, batch_end::text from trevco.microbatch_state where model_id = 'model.test_project.daily_summary' order by 1")).toEqual([
        { batch_start: '2025-01-01 00:00:00', batch_end: '2025-01-02 00:00:00' },
        { batch_start: '2025-01-02 00:00:00', batch_end: '2025-01-03 00:00:00' },
        { batch_start: '2025-01-03 00:00:00', batch_end: '2025-01-04 00:00:00' },
      ]);
      expect(await rows('select order_date::text as day, all_orders from daily_share order by 1')).toEqual([
        { day: '2025-01-01', all_orders: 4 }, { day: '2025-01-02', all_orders: 4 }, { day: '2025-01-03', all_orders: 4 },
      ]);
    });

    it('rebuilds the lookback and fills every missing batch after skipped days, reporting progress in batches', async () => {
      const { options } = fixture();
      await day('2025-01-05', [3]);
      await day('2025-01-06', [4]);
      const events: RunEvent[] = [];
      const outcome = await run(options({ select: ['daily_summary'], runDate: '2025-01-06', onEvent: (event) => events.push(event) }));
      expect(outcome.results[0]).toMatchObject({ status: 'success', message: 'INSERT 3 in 3 batches' });
      expect(outcome.results[0]!.details).toMatchObject({ batches: ['2025-01-04 00:00:00', '2025-01-05 00:00:00', '2025-01-06 00:00:00'], batchesFailed: [] });
      expect(events.filter((event) => event.type === 'progress').map((event) => event.type === 'progress' && `${event.done}/${event.total} ${event.unit}`))
        .toEqual(['0/3 batches', '1/3 batches', '2/3 batches', '3/3 batches']);
      expect((await summary()).map((row) => row.day)).toEqual(['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04', '2025-01-05', '2025-01-06']);
      const batchStart = await rows("select batch_start::text from daily_summary where order_date = '2025-01-05'");
      expect(batchStart).toEqual([{ batch_start: '2025-01-05 00:00:00' }]);
    });

    it('rebuilds exactly the batches that late rows beyond the lookback made stale', async () => {
      const { options } = fixture();
      await day('2025-01-02', [1000]);
      const outcome = await run(options({ select: ['daily_summary'], runDate: '2025-01-06' }));
      expect(outcome.results[0]!.details).toMatchObject({ batches: ['2025-01-02 00:00:00', '2025-01-05 00:00:00', '2025-01-06 00:00:00'] });
      expect((await summary())[1]).toEqual({ day: '2025-01-02', orders: 2, revenue: 1007 });
      // Nothing is late any more: only the lookback runs.
      const again = await run(options({ select: ['daily_summary'], runDate: '2025-01-06' }));
      expect(again.results[0]!.details).toMatchObject({ batches: ['2025-01-05 00:00:00', '2025-01-06 00:00:00'] });
    });

    it('rebuilds an explicit range with --event-time-start/--event-time-end', async () => {
      const { adapter, options } = fixture();
      await adapter.execute("update raw.orders set amount = amount + 1 where ordered_at < '2025-01-04'");
      const outcome = await run(options({ select: ['daily_summary'], runDate: '2025-01-06', eventTimeStart: '2025-01-02', eventTimeEnd: '2025-01-04' }));
      expect(outcome.results[0]!.details).toMatchObject({ batches: ['2025-01-02 00:00:00', '2025-01-03 00:00:00'] });
      expect((await summary()).slice(0, 3)).toEqual([
        { day: '2025-01-01', orders: 2, revenue: 15 }, { day: '2025-01-02', orders: 2, revenue: 1009 }, { day: '2025-01-03', orders: 1, revenue: 2 },
      ]);
    });

    it('keeps building other batches when one fails, ends in error naming it, and retry rebuilds it', async () => {
      const { adapter, options } = fixture();
      expect((await run(options({ select: ['fragile'], runDate: '2025-01-03' }))).success).toBe(true);
      await day('2025-01-02', [0]);
      await day('2025-01-03', [50]);
      const outcome = await run(options({ select: ['fragile'], runDate: '2025-01-03' }));
      const result = outcome.results[0]!;
      expect(outcome.success).toBe(false);
      expect(result.status).toBe('error');
      expect(result.details).toMatchObject({ batchesFailed: ['2025-01-02 00:00:00'], batchesBuilt: 1 });
      expect(result.message).toMatch(/^1 of 2 batches failed \(2025-01-02\); 1 built\. First failure: division by zero/);
      await adapter.execute('update raw.orders set amount = 1 where amount = 0');
      const retried = await retry(options());
      expect(retried.results.map((r) => [r.nodeId, r.status])).toEqual([['model.test_project.fragile', 'success']]);
      // The failed batch was forgotten, so retry (same run date, lookback 0) fills it like a gap.
      expect(retried.results[0]!.details).toMatchObject({ batches: ['2025-01-02 00:00:00', '2025-01-03 00:00:00'] });
      expect(await rows("select inverse from fragile where order_date = '2025-01-02'"))
        .toEqual(await rows("select sum(100 / amount)::int as inverse from raw.orders where ordered_at::date = '2025-01-02'"));
    });

    it('rebuilds the batch a row left when a newer version moved its event time beyond the lookback', async () => {
      const { adapter, options } = fixture();
      await run(options({ select: ['daily_summary'], runDate: '2025-01-06' }));
      // A CDC export's newer version of an order carries a later order time: the order leaves 2025-01-02 for 2025-01-06.
      await adapter.execute("update raw.orders set ordered_at = '2025-01-06 09:00:00', _trevco_loaded_at = now() where ordered_at::date = '2025-01-02' and amount > 500");
      expect((await rows("select count(*)::int as n from raw.orders where ordered_at::date = '2025-01-06' and amount > 500"))[0]).toEqual({ n: 1 });
      const outcome = await run(options({ select: ['daily_summary'], runDate: '2025-01-06' }));
      expect(outcome.results[0]!.details).toMatchObject({ batches: ['2025-01-02 00:00:00', '2025-01-05 00:00:00', '2025-01-06 00:00:00'] });
      // The days the order left and joined now hold exactly what the raw rows say (earlier tests edited other days in place).
      const moved = "('2025-01-02', '2025-01-06')";
      expect((await summary()).filter((row) => ['2025-01-02', '2025-01-06'].includes(row.day as string))).toEqual(await rows(
        `select ordered_at::date::text as day, count(*)::int as orders, sum(amount)::int as revenue from raw.orders where ordered_at::date::text in ${moved} group by 1 order by 1`,
      ));
    });
  });
});
