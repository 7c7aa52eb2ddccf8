import { addVersion, latest, newEntity } from './entity.js';
import { assignArrivals, rollLateDays } from './assign-arrivals.js';
import { CUSTOMER_COUNTRY_WEIGHTS } from './countries.js';
import { emailFor, randomAge, randomName } from './people.js';
import { formatTimestamp, SECONDS_PER_DAY } from './time.js';
import { scheduleInstants, windowDayStarts } from './timeline.js';
import type { CustomerRow } from './rows.js';
import type { Entity } from './entity.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** A customer and whether they ever buy (a quarter only browse). */
export interface Customer extends Entity<CustomerRow> {
  readonly buyer: boolean;
}

/** Share of customers whose record changes after sign-up. */
const UPDATE_RATE = 0.08;

/**
 * Customers, ids in sign-up order. Some change their email, marketing consent, name or country later; the export
 * has no modification time for customers, so each new version carries a later `signup_date` (the export's CDC
 * column). Everything a customer does happens after their latest version, so in the final state no order or session
 * precedes its customer's signup_date.
 */
export function generateCustomers(rng: Rng, timeline: Timeline, count: number, perWindowDay: number): Customer[] {
  const signups = scheduleInstants(rng, timeline, count, perWindowDay);
  const customers = signups.map((at, index): Customer => {
    const id = index + 1;
    const name = randomName(rng);
    const row: CustomerRow = {
      customer_id: id,
      name,
      email: emailFor(rng, name, String(id)),
      country: rng.weighted(CUSTOMER_COUNTRY_WEIGHTS),
      age: randomAge(rng),
      signup_date: formatTimestamp(at),
      marketing_opt_in: rng.chance(0.45),
    };
    return { ...newEntity(id, row, at, [], rollLateDays(rng)), buyer: rng.chance(0.75) };
  });

  for (const customer of customers) {
    if (!rng.chance(UPDATE_RATE)) continue;
    const updates = rng.chance(0.2) ? 2 : 1;
    for (let i = 0; i < updates; i++) {
      const gap = rng.chance(0.6) ? rng.int(60, 2 * SECONDS_PER_DAY) : rng.int(2 * SECONDS_PER_DAY, 200 * SECONDS_PER_DAY);
      const at = latest(customer).at + gap;
      if (at > timeline.end) break;
      updateCustomer(rng, customer, at);
    }
  }

  assignArrivals(timeline, customers);

  // Every daily export must carry at least one changed customer who was already exported before that day.
  for (const dayStart of windowDayStarts(timeline)) {
    const dayEnd = dayStart + SECONDS_PER_DAY - 1;
    const changedThatDay = customers.some((c) => c.versions.some((v, i) => i > 0 && v.arrival >= dayStart && v.arrival <= dayEnd));
    if (changedThatDay) continue;
    const known = customers.filter((c) => latest(c).arrival < dayStart);
    const recent = known.filter((c) => c.versions[0]!.at >= dayStart - 60 * SECONDS_PER_DAY);
    const pool = recent.length > 0 ? recent : known;
    if (pool.length === 0) continue;
    const customer = rng.pick(pool);
    updateCustomer(rng, customer, dayStart + rng.int(0, SECONDS_PER_DAY - 1));
    assignArrivals(timeline, [customer]);
  }
  return customers;
}

/** Adds a version with at least one changed attribute and `signup_date` moved to `at`. */
function updateCustomer(rng: Rng, customer: Customer, at: number): void {
  const previous = latest(customer).row;
  const change = rng.weighted([['email', 55], ['opt_in', 25], ['name', 10], ['country', 10]] as const);
  let next: CustomerRow = { ...previous, signup_date: formatTimestamp(at) };
  const serial = `${customer.id}-${customer.versions.length + 1}`;
  switch (change) {
    case 'email':
      next = { ...next, email: emailFor(rng, previous.name, serial) };
      break;
    case 'opt_in':
      next = { ...next, marketing_opt_in: !previous.marketing_opt_in };
      break;
    case 'name': {
      const name = `${previous.name.split(' ')[0]} ${randomName(rng).split(' ').slice(1).join(' ')}`;
      next = { ...next, name, email: emailFor(rng, name, serial) };
      break;
    }
    case 'country': {
      let country = previous.country;
      while (country === previous.country) country = rng.weighted(CUSTOMER_COUNTRY_WEIGHTS);
      next = { ...next, country };
      break;
    }
  }
  addVersion(customer, next, at);
}
