import { describe, expect, it } from 'vitest';
import { run } from '../../api/run-models.js';
import { adapterKinds } from '../../testing/test-databases.js';
import { useProjectOnDatabase } from '../../testing/project-on-database.js';

/**
 * The property that matters: running day by day on data with late-arriving and updated rows (and a skipped day)
 * leaves every incremental model identical, duplicates included, to a --full-refresh over the same final data.
 */
const FILES = {
  'seeds/.keep': '',
  'models/orders_current.sql': [
    "{{ config(materialized='incremental', unique_key='order_id', event_time='ordered_at') }}",
    'select distinct on (order_id) order_id, customer_id, status, amount, ordered_at, updated_at, _trevco_loaded_at',
    "from {{ source('raw', 'orders') }}",
    '{% if is_incremental() %}where _trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}',
    'order by order_id, updated_at desc',
  ].join('\n'),
  'models/daily_summary.sql': [
    "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='2025-03-01', batch_size='day', lookback=1) }}",
    'select ordered_at::date as order_date, status, count(*)::int as orders, sum(amount) as revenue',
    "from {{ ref('orders_current') }}",
    'group by 1, 2',
  ].join('\n'),
  // Reads the raw versions directly: the windowed source sits in a subquery followed by ORDER BY (default alias).
  'models/daily_raw.sql': [
    "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='2025-03-01', lookback=2) }}",
    'select ordered_at::date as order_date, count(*)::int as orders, sum(amount) as revenue, max(updated_at) as last_update',
    "from (select distinct on (order_id) * from {{ source('raw', 'orders') }} order by order_id, updated_at desc) latest",
    'group by 1',
  ].join('\n'),
};

const PROJECT = 'name: test_project\nsources:\n  raw:\n    tables:\n      orders: { event_time: ordered_at }\n';
const MODELS = ['orders_current', 'daily_summary', 'daily_raw'];
const DAYS = Array.from({ length: 10 }, (_, index) => `2025-03-${String(index + 1).padStart(2, '0')}`);
const SKIPPED = '2025-03-05';

/** mulberry32: a small seeded generator, so every run sees the same data. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The day's arrivals: new orders of the day, late orders of up to four days before, updates of older orders. */
function arrivals(dayIndex: number, next: () => number, known: { id: number; orderedAt: string }[]): string[] {
  const rows: string[] = [];
  const pick = (n: number) => Math.floor(next() * n);
  const statuses = ['placed', 'shipped', 'returned'];
  const add = (id: number, orderedAt: string) => {
    rows.push(`(${id}, ${1 + pick(20)}, '${statuses[pick(3)]}', ${(pick(10000) / 100).toFixed(2)}::numeric, '${orderedAt}'::timestamp, '${DAYS[dayIndex]} 23:00'::timestamp + interval '${rows.length} seconds')`);
  };
  for (let n = 0; n < 25; n++) {
    const late = next() < 0.25 ? Math.min(dayIndex, 1 + pick(4)) : 0;
    const orderedAt = `${DAYS[dayIndex - late]} ${String(pick(24)).padStart(2, '0')}:${String(pick(60)).padStart(2, '0')}`;
    const id = known.length + 1;
    known.push({ id, orderedAt });
    add(id, orderedAt);
  }
  for (let n = 0; n < 6 && known.length > 30; n++) {
    const order = known[pick(known.length - 25)]!; // an order from an earlier day
    add(order.id, order.orderedAt);
  }
  return rows;
}

describe.each(adapterKinds())('incremental equals full refresh on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'property', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT);

    it('day-by-day runs with late, updated rows and a skipped day match a full refresh (EXCEPT ALL both ways)', async () => {
      const { adapter, options } = fixture();
      await adapter.execute(`create schema raw; create table raw.orders (
        order_id int, customer_id int, status text, amount numeric(10, 2), ordered_at timestamp, updated_at timestamp, _trevco_loaded_at timestamptz)`);
      const next = random(20250301);
      const known: { id: number; orderedAt: string }[] = [];
      let rebuiltBeyondLookback = 0;
      for (const [index, day] of DAYS.entries()) {
        await adapter.execute(`insert into raw.orders select *, now() from (values ${arrivals(index, next, known).join(',\n')}) as v`);
        if (day === SKIPPED) continue;
        const outcome = await run(options({ runDate: day }));
        expect(outcome.results.map((result) => `${result.nodeId}:${result.status}`).sort()).toEqual(MODELS.map((name) => `model.test_project.${name}:success`).sort());
        const summary = outcome.results.find((result) => result.nodeId.endsWith('.daily_summary'))!;
        const batches = (summary.details?.batches as string[] | undefined) ?? [];
        rebuiltBeyondLookback += batches.filter((start) => start.slice(0, 10) < DAYS[index - 2]!).length;
      }
      expect(rebuiltBeyondLookback).toBeGreaterThan(0);
      for (const name of MODELS) await adapter.execute(`create table incremental_${name} as select * from ${name}`);
      expect((await run(options({ runDate: DAYS.at(-1), fullRefresh: true }))).success).toBe(true);
      for (const name of MODELS) {
        const counts = await adapter.query<{ rows: number; missing: number; extra: number }>(`select
          (select count(*)::int from ${name}) as rows,
          (select count(*)::int from (select * from ${name} except all select * from incremental_${name}) d) as missing,
          (select count(*)::int from (select * from incremental_${name} except all select * from ${name}) d) as extra`);
        expect({ name, ...counts.rows[0] }).toMatchObject({ name, missing: 0, extra: 0 });
        expect(counts.rows[0]!.rows).toBeGreaterThan(9);
      }
    });
  });
});
