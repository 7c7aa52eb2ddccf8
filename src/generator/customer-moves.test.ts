import { describe, expect, it } from 'vitest';
import { generateDailyExports } from './daily-exports.js';
import { generateDataset } from './generate-dataset.js';
import type { CustomerRow, OrderRow } from './rows.js';

const EXPORTS = generateDailyExports({ orders: 300, seed: 5, days: 6, ordersPerDay: 20 });

/** Every version of every customer and order, in export order: base, then each day. */
function allVersions<T>(pick: (dataset: typeof EXPORTS.base) => readonly T[]): T[] {
  return [EXPORTS.base, ...EXPORTS.days.map((day) => day.dataset)].flatMap(pick);
}

describe('customers who move or change e-mail during the daily exports', () => {
  const customers = allVersions((d) => d.customers);
  const orders = allVersions((d) => d.orders);
  const changesOn = (date: string, field: 'country' | 'email'): CustomerRow[] => EXPORTS.days.find((d) => d.date === date)!.dataset.customers.filter((row) => {
    const earlier = customers.filter((c) => c.customer_id === row.customer_id && c.signup_date < row.signup_date).at(-1);
    return earlier !== undefined && earlier[field] !== row[field] && row.signup_date.startsWith(date);
  });

  it('happen on the days, after orders placed in the old country, which keep it', () => {
    const perDay = EXPORTS.days.map((day, index) => changesOn(day.date, index % 2 === 0 ? 'country' : 'email').length);
    expect(perDay.every((count) => count >= 1)).toBe(true);
    for (const move of changesOn(EXPORTS.days[0]!.date, 'country')) {
      const before = customers.filter((c) => c.customer_id === move.customer_id && c.signup_date < move.signup_date).at(-1)!;
      const theirs: OrderRow[] = orders.filter((o) => o.customer_id === move.customer_id);
      const placedBefore = theirs.filter((o) => o.order_time < move.signup_date);
      expect(placedBefore.length).toBeGreaterThan(0);
      expect(placedBefore.every((o) => o.country === before.country)).toBe(true);
      expect(theirs.filter((o) => o.order_time >= move.signup_date).every((o) => o.country === move.country)).toBe(true);
    }
  });

  it('leave a full export (no daily window) as it was', () => {
    const full = generateDataset({ orders: 300, seed: 5 });
    const latestCountry = new Map(full.customers.map((c) => [c.customer_id, c.country]));
    expect(full.orders.filter((o) => o.country !== latestCountry.get(o.customer_id))).toEqual([]);
  });
});
