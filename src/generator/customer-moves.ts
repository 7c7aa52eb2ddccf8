import { CUSTOMER_COUNTRY_WEIGHTS } from './countries.js';
import { addVersion, latest } from './entity.js';
import { assignArrivals } from './assign-arrivals.js';
import { emailFor } from './people.js';
import { formatTimestamp } from './time.js';
import { instantInDay, windowDayStarts } from './timeline.js';
import type { Customer } from './customers.js';
import type { Entity } from './entity.js';
import type { Order } from './orders.js';
import type { Rng } from './rng.js';
import type { SessionRow } from './rows.js';
import type { Timeline } from './timeline.js';

/**
 * In daily-export mode, on each day of the window a customer who has already ordered moves to another country
 * (even days) or changes e-mail (odd days): a new version with that day's `signup_date` (the export's customers
 * quirk), AFTER some of their orders. Those orders keep the country they were placed in; the customer's orders and
 * sessions after the move carry the new country. The warehouse's snapshot must keep the old version for them.
 *
 * Runs last, on its own PRNG stream, so that a full export (no window) is exactly what it was without moves. A
 * customer is chosen only when no order of theirs has versions on both sides of the move instant (an order's later
 * version keeps the placement's country, so it would otherwise name a country the customer no longer had).
 */
export function moveCustomers(rng: Rng, timeline: Timeline, customers: readonly Customer[], orders: readonly Order[], sessions: readonly Entity<SessionRow>[]): void {
  const ordersOf = new Map<Customer, Order[]>();
  for (const order of orders) (ordersOf.get(order.customer) ?? ordersOf.set(order.customer, []).get(order.customer)!).push(order);
  const moved = new Set<Customer>();
  for (const [index, dayStart] of windowDayStarts(timeline).entries()) {
    const at = instantInDay(rng, dayStart);
    const pool = customers.filter((customer) => {
      if (moved.has(customer) || latest(customer).arrival >= dayStart) return false;
      const own = ordersOf.get(customer) ?? [];
      const placedBefore = own.some((order) => latest(order).at < dayStart && order.versions[0]!.arrival < dayStart);
      const spans = own.some((order) => order.versions[0]!.at < at && latest(order).at >= at);
      return placedBefore && !spans;
    });
    if (pool.length === 0) continue;
    const customer = rng.pick(pool);
    moved.add(customer);
    const previous = latest(customer).row;
    let next = { ...previous, signup_date: formatTimestamp(at) };
    if (index % 2 === 0) {
      let country = previous.country;
      while (country === previous.country) country = rng.weighted(CUSTOMER_COUNTRY_WEIGHTS);
      next = { ...next, country };
      for (const order of ordersOf.get(customer) ?? []) relabel(order, at, previous.country, country);
      for (const session of sessions) if (session.versions[0]!.row.customer_id === customer.id) relabel(session, at, previous.country, country);
    } else {
      next = { ...next, email: emailFor(rng, previous.name, `${customer.id}-m${index}`) };
    }
    addVersion(customer, next, at);
    assignArrivals(timeline, [customer]);
  }
}

/** Versions from `at` on carry the new country (a traveller's session abroad keeps the country it was in). */
function relabel<Row extends { readonly country: string }>(entity: Entity<Row>, at: number, from: string, to: string): void {
  entity.versions.forEach((version, index) => {
    if (version.at >= at && version.row.country === from) entity.versions[index] = { ...version, row: { ...version.row, country: to } };
  });
}
