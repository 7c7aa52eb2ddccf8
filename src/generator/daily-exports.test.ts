import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.js';
import { expectSameRecords, failing } from '../testing/generator-assertions.js';
import { toCsv } from './csv.js';
import { generateDailyExports } from './daily-exports.js';
import { finalState, unionExports } from './final-state.js';
import { toCents } from './money.js';
import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import { parseTimestamp, SECONDS_PER_DAY } from './time.js';
import { writeDailyExports } from './write-daily-exports.js';
import type { DailyExports } from './daily-exports.js';
import type { Dataset, TableName } from './rows.js';

const OPTIONS = { orders: 1000, seed: 5, days: 5, startDate: '2025-06-01' } as const;
const exports = generateDailyExports(OPTIONS);
const CDC_TABLES = TABLE_NAMES.filter((name) => TABLE_SPECS[name].cdc !== undefined);

type Loose = Readonly<Record<string, unknown>>;
const rowsOf = (data: Dataset, name: TableName) => data[name] as unknown as readonly Loose[];
const keyOf = (name: TableName) => TABLE_SPECS[name].key!;
const cdcOf = (name: TableName) => TABLE_SPECS[name].cdc!;
const dayNumber = (timestamp: string) => Math.floor(parseTimestamp(timestamp) / SECONDS_PER_DAY);

/** Walks the days in order, keeping what a loader would know so far: the latest CDC value of every key. */
function analyseDays(exports: DailyExports) {
  const known = new Map<TableName, Map<unknown, string>>();
  for (const name of CDC_TABLES) {
    known.set(name, new Map(rowsOf(finalState(exports.base), name).map((row) => [row[keyOf(name)], String(row[cdcOf(name)])])));
  }
  return exports.days.map((day) => {
    const summary = new Map<TableName, { fresh: Loose[]; updated: Loose[]; stale: Loose[]; lags: number[] }>();
    for (const name of CDC_TABLES) {
      const seen = known.get(name)!;
      const entry = { fresh: [] as Loose[], updated: [] as Loose[], stale: [] as Loose[], lags: [] as number[] };
      for (const row of rowsOf(day.dataset, name)) {
        const key = row[keyOf(name)];
        const cdc = String(row[cdcOf(name)]);
        const previous = seen.get(key);
        if (previous === undefined) {
          entry.fresh.push(row);
          entry.lags.push(dayNumber(`${day.date}T00:00:00`) - dayNumber(cdc));
        } else if (cdc > previous) entry.updated.push(row);
        else entry.stale.push(row);
        if (previous === undefined || cdc > previous) seen.set(key, cdc);
      }
      summary.set(name, entry);
    }
    const snapshotKnown = {
      orders: new Set(known.get('orders')!.keys()),
      customers: new Set(known.get('customers')!.keys()),
      sessions: new Set(known.get('sessions')!.keys()),
    };
    return { day, summary, snapshotKnown };
  });
}

function expectNewAndUpdatedRows(days: ReturnType<typeof analyseDays>): void {
  for (const { day, summary } of days) {
    for (const name of CDC_TABLES) {
      const entry = summary.get(name)!;
      expect(entry.fresh.length, `${day.date} new ${name}`).toBeGreaterThan(0);
      expect(entry.updated.length, `${day.date} updated ${name}`).toBeGreaterThan(0);
      expect(entry.stale, `${day.date} stale ${name}`).toEqual([]);
      expect(summary.get('orders')!.lags.some((lag) => lag > 3), `${day.date} order > 3 days late`).toBe(true);
    }
  }
}

const temporaryDirs: string[] = [];
afterAll(async () => {
  for (const dir of temporaryDirs) await rm(dir, { recursive: true, force: true });
});

describe('generateDailyExports', () => {
  it('covers the requested days', () => {
    expect(exports.startDate).toBe('2025-06-01');
    expect(exports.endDate).toBe('2025-06-05');
    expect(exports.days.map((d) => d.date)).toEqual(['2025-06-01', '2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05']);
  });

  it('ends on the default end date when no start date is given', () => {
    const short = generateDailyExports({ orders: 300, seed: 1, days: 3 });
    expect([short.startDate, short.endDate]).toEqual(['2025-10-29', '2025-10-31']);
  });

  it('is deterministic', () => {
    const options = { orders: 300, seed: 8, days: 2 };
    const [first, second] = [generateDailyExports(options), generateDailyExports(options)];
    for (const [index, day] of second.days.entries()) {
      for (const name of TABLE_NAMES) {
        expect(toCsv(TABLE_SPECS[name], day.dataset[name] as never)).toBe(toCsv(TABLE_SPECS[name], first.days[index]!.dataset[name] as never));
      }
    }
    expect(toCsv(TABLE_SPECS.orders, second.base.orders)).toBe(toCsv(TABLE_SPECS.orders, first.base.orders));
  });

  it('base + every day, deduplicated by key keeping the latest CDC value, equals the final truth', () => {
    const loaded = finalState(unionExports([exports.base, ...exports.days.map((d) => d.dataset)]));
    const truth = exports.finalState();
    for (const name of TABLE_NAMES) expectSameRecords(loaded[name], truth[name], name);
    expect(new Set(truth.orders.map((o) => o.order_id)).size).toBe(OPTIONS.orders);
  });

  it('puts only rows before the start date in the base', () => {
    for (const name of CDC_TABLES) {
      expect(failing(rowsOf(exports.base, name), (row) => String(row[cdcOf(name)]) < '2025-06-01T00:00:00'), name).toEqual([]);
    }
  });

  describe('each day', () => {
    const days = analyseDays(exports);

    it('holds new rows and updated rows (a later CDC value for a key exported before) in every CDC table', () => {
      expectNewAndUpdatedRows(days);
    });

    it('keeps that promise for other seeds and sizes', () => {
      for (const seed of [1, 2, 3, 4]) {
        expectNewAndUpdatedRows(analyseDays(generateDailyExports({ orders: 300 + 100 * seed, seed, days: 3 })));
      }
    });

    it('only holds CDC values up to its own end', () => {
      for (const { day } of days) {
        for (const name of CDC_TABLES) {
          expect(failing(rowsOf(day.dataset, name), (row) => String(row[cdcOf(name)]) <= `${day.date}T23:59:59`)).toEqual([]);
        }
      }
    });

    it('holds late rows: new keys 1 to 10 days old, at least one order more than 3 days late', () => {
      for (const { day, summary } of days) {
        const lags = CDC_TABLES.flatMap((name) => summary.get(name)!.lags);
        expect(failing(lags, (lag) => lag >= 0 && lag <= 10), day.date).toEqual([]);
        expect(lags.some((lag) => lag >= 1), day.date).toBe(true);
        expect(summary.get('orders')!.lags.some((lag) => lag > 3), day.date).toBe(true);
      }
    });

    it('references only records exported by then', () => {
      for (const { day, snapshotKnown } of days) {
        const products = new Set(day.dataset.products.map((p) => p.product_id));
        expect(failing(day.dataset.orders, (o) => snapshotKnown.customers.has(o.customer_id)), day.date).toEqual([]);
        expect(failing(day.dataset.sessions, (s) => snapshotKnown.customers.has(s.customer_id)), day.date).toEqual([]);
        expect(failing(day.dataset.events, (e) => snapshotKnown.sessions.has(e.session_id) &&
          (e.product_id === null || products.has(e.product_id))), day.date).toEqual([]);
        expect(failing(day.dataset.reviews, (r) => snapshotKnown.orders.has(r.order_id)), day.date).toEqual([]);
        expect(failing(day.dataset.order_items, (i) => products.has(i.product_id)), day.date).toEqual([]);
      }
    });

    it('holds the full order_items snapshot of every order known so far, consistent with its latest version', () => {
      let history: Dataset[] = [exports.base];
      for (const { day, snapshotKnown } of days) {
        history = [...history, day.dataset];
        const orders = finalState(unionExports(history)).orders;
        expect(new Set(day.dataset.order_items.map((i) => i.order_id))).toEqual(snapshotKnown.orders);
        const sums = new Map<number, number>();
        for (const item of day.dataset.order_items) sums.set(item.order_id, (sums.get(item.order_id) ?? 0) + toCents(item.line_total_usd));
        expect(failing(orders, (o) => sums.get(o.order_id) === toCents(o.subtotal_usd)), day.date).toEqual([]);
      }
    });

    it('holds the full products snapshot, growing as products launch', () => {
      let previous = exports.base.products.length;
      for (const { day } of days) {
        expect(day.dataset.products.length, day.date).toBeGreaterThan(previous);
        previous = day.dataset.products.length;
      }
    });
  });

  it('writes base/ and daily/YYYY-MM-DD/ with seven files each', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'trevco-daily-'));
    temporaryDirs.push(dir);
    const small = generateDailyExports({ orders: 300, seed: 2, days: 2, startDate: '2024-02-28' });
    await writeDailyExports(small, dir);
    const files = TABLE_NAMES.map((name) => `${name}.csv`).sort();
    expect((await readdir(dir)).sort()).toEqual(['base', 'daily']);
    expect((await readdir(join(dir, 'daily'))).sort()).toEqual(['2024-02-28', '2024-02-29']);
    expect((await readdir(join(dir, 'base'))).sort()).toEqual(files);
    expect((await readdir(join(dir, 'daily', '2024-02-29'))).sort()).toEqual(files);
  });

  it('rejects invalid options with a ConfigError', () => {
    const bad = [
      { orders: 300, seed: 1, days: 0 },
      { orders: 300, seed: 1, days: 2, startDate: '2020-01-15' },
      { orders: 300, seed: 1, days: 2, startDate: '2025-13-01' },
      { orders: 300, seed: 1, days: 2, startDate: '2025-01-01', endDate: '2025-01-05' },
      { orders: 30, seed: 1, days: 10 },
      { orders: 300, seed: 1.5, days: 2 },
    ];
    for (const options of bad) expect(() => generateDailyExports(options), JSON.stringify(options)).toThrow(ConfigError);
  });
});
