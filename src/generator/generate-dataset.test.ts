import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CATEGORIES,
  DEVICES,
  EVENT_TYPES,
  PAYMENT_METHODS,
  SOURCES,
} from './accepted-values.js';
import { CUSTOMER_COUNTRIES } from './countries.js';
import { formatCsvValue, toCsv } from './csv.js';
import { finalState } from './final-state.js';
import { generateDataset, generateDatasetWithTruth } from './generate-dataset.js';
import { discountedCents, toCents } from './money.js';
import { EARLY_REVIEW_EVERY } from './reviews.js';
import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import { writeDataset } from './write-dataset.js';
import { expectSameRecords, failing, groupBy } from '../testing/generator-assertions.js';
import type { Dataset } from './rows.js';

const OPTIONS = { orders: 1200, seed: 11 } as const;
const { dataset, truth } = generateDatasetWithTruth(OPTIONS);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const temporaryDirs: string[] = [];

afterAll(async () => {
  for (const dir of temporaryDirs) await rm(dir, { recursive: true, force: true });
});

async function temporaryDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trevco-gen-'));
  temporaryDirs.push(dir);
  return dir;
}

describe('determinism', () => {
  it('gives byte-identical files for the same options', async () => {
    const [a, b] = [await temporaryDir(), await temporaryDir()];
    await writeDataset(dataset, a);
    await writeDataset(generateDataset(OPTIONS), b);
    const files = (await readdir(a)).sort();
    expect(files).toEqual(TABLE_NAMES.map((name) => `${name}.csv`).sort());
    for (const file of files) {
      // Buffer.equals, not toEqual: vitest's deep equality is slow on megabytes.
      expect((await readFile(join(a, file))).equals(await readFile(join(b, file))), file).toBe(true);
    }
  });

  it('gives different data for another seed', () => {
    const orders = (seed: number) => toCsv(TABLE_SPECS.orders, generateDataset({ orders: 200, seed }).orders);
    expect(orders(12)).not.toBe(orders(13));
    expect(orders(12)).toBe(orders(12));
  });

  it('holds exactly the requested number of distinct orders', () => {
    expect(new Set(dataset.orders.map((o) => o.order_id)).size).toBe(OPTIONS.orders);
  });
});

describe('the final state', () => {
  it('is what deduplicating the export by key and CDC column gives', () => {
    expect(finalState(dataset)).toEqual(truth);
  });
});

describe('arithmetic', () => {
  const items = groupBy(truth.order_items, (item) => item.order_id);

  it('line_total_usd = quantity × unit_price_usd, to the cent', () => {
    expect(failing(dataset.order_items, (i) => toCents(i.line_total_usd) === i.quantity * toCents(i.unit_price_usd))).toEqual([]);
  });

  it('every version of every order: subtotal = Σ line totals and total = round(subtotal × (1 − pct/100), 2)', () => {
    const bad = failing(dataset.orders, (order) => {
      const lines = items.get(order.order_id) ?? [];
      const sum = lines.reduce((cents, line) => cents + toCents(line.line_total_usd), 0);
      return (
        lines.length > 0 &&
        toCents(order.subtotal_usd) === sum &&
        toCents(order.total_usd) === discountedCents(sum, Math.round(order.discount_pct * 100)) &&
        // The formula in plain floating point agrees to within half a cent.
        Math.abs(order.total_usd - order.subtotal_usd * (1 - order.discount_pct / 100)) <= 0.005 + 1e-9
      );
    });
    expect(bad).toEqual([]);
  });

  it('margin_usd = price_usd − cost_usd, and prices are positive', () => {
    const bad = failing(
      dataset.products,
      (p) => toCents(p.margin_usd) === toCents(p.price_usd) - toCents(p.cost_usd) && p.price_usd > 0 && p.cost_usd > 0,
    );
    expect(bad).toEqual([]);
  });

  it('order_items carry the product price', () => {
    const prices = new Map(dataset.products.map((p) => [p.product_id, p.price_usd]));
    expect(failing(dataset.order_items, (i) => i.unit_price_usd === prices.get(i.product_id))).toEqual([]);
  });

  it('money has at most two decimals everywhere', () => {
    const amounts = [
      ...dataset.orders.flatMap((o) => [o.subtotal_usd, o.total_usd, o.discount_pct]),
      ...dataset.order_items.flatMap((i) => [i.unit_price_usd, i.line_total_usd]),
      ...dataset.products.flatMap((p) => [p.price_usd, p.cost_usd, p.margin_usd]),
      ...dataset.events.flatMap((e) => [e.amount_usd ?? 0, e.discount_pct ?? 0]),
    ];
    expect(failing(amounts, (a) => Math.abs(a * 100 - Math.round(a * 100)) < 1e-6)).toEqual([]);
  });
});

describe('values', () => {
  const within = <T>(set: readonly T[]) => (value: T) => set.includes(value);

  it('uses only the documented value sets', () => {
    expect(failing(dataset.orders, (o) => PAYMENT_METHODS.includes(o.payment_method) && DEVICES.includes(o.device) &&
      SOURCES.includes(o.source) && CUSTOMER_COUNTRIES.includes(o.country))).toEqual([]);
    expect(failing(dataset.sessions, (s) => DEVICES.includes(s.device) && SOURCES.includes(s.source) &&
      CUSTOMER_COUNTRIES.includes(s.country))).toEqual([]);
    expect(failing(dataset.events.map((e) => e.event_type), within(EVENT_TYPES))).toEqual([]);
    expect(failing(dataset.events.map((e) => e.payment).filter((p) => p !== null), within(PAYMENT_METHODS))).toEqual([]);
    expect(failing(dataset.products.map((p) => p.category), within(CATEGORIES))).toEqual([]);
    expect(failing(dataset.customers, (c) => CUSTOMER_COUNTRIES.includes(c.country) && c.age >= 18 && c.age <= 85 &&
      /^[^@\s]+@[a-z.]+$/.test(c.email))).toEqual([]);
    expect(failing(dataset.reviews.map((r) => r.rating), within([1, 2, 3, 4, 5]))).toEqual([]);
    expect(new Set(dataset.events.map((e) => e.event_type))).toEqual(new Set(EVENT_TYPES));
    expect(new Set(dataset.orders.map((o) => o.payment_method))).toEqual(new Set(PAYMENT_METHODS));
  });

  it('fills event columns only where the event type uses them', () => {
    const used: Record<string, readonly string[]> = {
      page_view: [],
      product_view: ['product_id'],
      add_to_cart: ['product_id', 'qty', 'cart_size'],
      remove_from_cart: ['product_id', 'qty', 'cart_size'],
      checkout: ['cart_size', 'amount_usd'],
      purchase: ['cart_size', 'payment', 'discount_pct', 'amount_usd'],
    };
    const optional = ['product_id', 'qty', 'cart_size', 'payment', 'discount_pct', 'amount_usd'] as const;
    const bad = failing(dataset.events, (e) => optional.every((c) => (e[c] !== null) === used[e.event_type]!.includes(c)));
    expect(bad).toEqual([]);
  });

  it('keeps every timestamp between 2020-01-01 and the end date, with seconds precision', () => {
    const stamps = [
      ...dataset.customers.map((r) => r.signup_date),
      ...dataset.sessions.map((r) => r.start_time),
      ...dataset.events.map((r) => r.timestamp),
      ...dataset.orders.map((r) => r.order_time),
      ...dataset.reviews.map((r) => r.review_time),
    ];
    const bad = failing(stamps, (t) => TIMESTAMP.test(t) && t >= '2020-01-01T00:00:00' && t <= '2025-10-31T23:59:59');
    expect(bad).toEqual([]);
  });

  it('honours another end date', () => {
    const short = generateDataset({ orders: 200, seed: 1, endDate: '2021-06-30' });
    expect(short.orders.every((o) => o.order_time <= '2021-06-30T23:59:59')).toBe(true);
    expect(short.orders.some((o) => o.order_time >= '2021-06-01')).toBe(true);
  });
});

describe('referential integrity', () => {
  const check = (data: Dataset) => {
    const final = finalState(data);
    const customers = new Map(final.customers.map((c) => [c.customer_id, c]));
    const sessions = new Map(final.sessions.map((s) => [s.session_id, s]));
    const orders = new Set(final.orders.map((o) => o.order_id));
    const products = new Set(data.products.map((p) => p.product_id));
    const lines = new Set(data.order_items.map((i) => `${i.order_id}/${i.product_id}`));
    // Every version of an order is placed after its customer's (latest) signup_date, in the customer's country.
    expect(failing(data.orders, (o) => {
      const customer = customers.get(o.customer_id);
      return customer !== undefined && o.order_time > customer.signup_date && o.country === customer.country;
    })).toEqual([]);
    expect(failing(data.sessions, (s) => customers.get(s.customer_id)!.signup_date < s.start_time)).toEqual([]);
    expect(failing(data.events, (e) => sessions.has(e.session_id) && sessions.get(e.session_id)!.start_time <= e.timestamp &&
      (e.product_id === null || products.has(e.product_id)))).toEqual([]);
    expect(failing(data.order_items, (i) => orders.has(i.order_id) && products.has(i.product_id))).toEqual([]);
    expect(failing(data.reviews, (r) => orders.has(r.order_id) && lines.has(`${r.order_id}/${r.product_id}`))).toEqual([]);
  };

  it('holds in the export and in its final state', () => {
    check(dataset);
    check(truth);
  });

  it('ties each purchase event to an order of the session customer at the order time', () => {
    const sessions = new Map(truth.sessions.map((s) => [s.session_id, s]));
    const firstVersions = new Map<number, (typeof dataset.orders)[number]>();
    for (const order of dataset.orders) if (!firstVersions.has(order.order_id)) firstVersions.set(order.order_id, order);
    const placed = new Set([...firstVersions.values()].map((o) => `${o.customer_id}@${o.order_time}/${o.total_usd}`));
    const purchases = truth.events.filter((e) => e.event_type === 'purchase');
    expect(purchases.length).toBe(OPTIONS.orders);
    expect(failing(purchases, (e) => placed.has(`${sessions.get(e.session_id)!.customer_id}@${e.timestamp}/${e.amount_usd}`))).toEqual([]);
  });
});

describe('the deliberate mess', () => {
  it('has orders holding the same product on two lines, both in the subtotal', () => {
    const repeated = [...groupBy(dataset.order_items, (i) => `${i.order_id}/${i.product_id}`).values()].filter((g) => g.length > 1);
    expect(repeated.length).toBeGreaterThan(0);
  });

  it('has updated keys in the same file, the later row carrying a later CDC value', () => {
    for (const name of TABLE_NAMES) {
      const { key, cdc } = TABLE_SPECS[name] as { key?: string; cdc?: string };
      if (cdc === undefined) continue;
      const rows = dataset[name] as unknown as readonly Record<string, unknown>[];
      const groups = [...groupBy(rows, (row) => row[key!]).values()].filter((g) => g.length > 1);
      expect(groups.length, name).toBeGreaterThan(0);
      expect(failing(groups, (g) => g.every((row, i) => i === 0 || String(row[cdc]) > String(g[i - 1]![cdc])))).toEqual([]);
    }
  });

  it('changes customers in ways that matter: email, and payment method for orders', () => {
    const changed = (rows: readonly Record<string, unknown>[], key: string, column: string) =>
      [...groupBy(rows, (r) => r[key]).values()].some((g) => new Set(g.map((r) => r[column])).size > 1);
    expect(changed(dataset.customers as never, 'customer_id', 'email')).toBe(true);
    expect(changed(dataset.orders as never, 'order_id', 'payment_method')).toBe(true);
  });

  it('has late rows: rows out of CDC order in the file', () => {
    const outOfOrder = dataset.orders.some((order, i) => i > 0 && order.order_time < dataset.orders[i - 1]!.order_time);
    expect(outOfOrder).toBe(true);
  });

  it(`dates max(1, floor(reviews / ${EARLY_REVIEW_EVERY})) reviews before their order`, () => {
    const orders = new Map(truth.orders.map((o) => [o.order_id, o]));
    const early = truth.reviews.filter((r) => r.review_time < orders.get(r.order_id)!.order_time);
    expect(early.length).toBe(Math.max(1, Math.floor(truth.reviews.length / EARLY_REVIEW_EVERY)));
  });

  it('has review texts and product names with commas, quotes and newlines that survive the files', async () => {
    expect(dataset.reviews.some((r) => /,/.test(r.review_text ?? '') && /"/.test(r.review_text ?? '') && /\n/.test(r.review_text ?? ''))).toBe(true);
    expect(dataset.reviews.some((r) => r.review_text === null)).toBe(true);
    expect(dataset.products.some((p) => p.name.includes(','))).toBe(true);
    expect(dataset.products.some((p) => p.name.includes('"'))).toBe(true);

    const dir = await temporaryDir();
    await writeDataset(dataset, dir);
    for (const name of TABLE_NAMES) {
      const text = await readFile(join(dir, `${name}.csv`), 'utf8');
      expect(text.includes('\r')).toBe(false);
      const records = parse(text, { columns: true }) as Record<string, string>[];
      const spec = TABLE_SPECS[name];
      const expected = (dataset[name] as unknown as readonly Record<string, unknown>[]).map((row) =>
        Object.fromEntries(spec.columns.map((c) => [c.name, c.kind === 'text' && row[c.name] !== null ? row[c.name] : formatCsvValue(row[c.name], c.kind)])),
      );
      expectSameRecords(records, expected, name);
      expect(Object.keys(records[0]!)).toEqual(spec.columns.map((c) => c.name));
    }
  });
});
