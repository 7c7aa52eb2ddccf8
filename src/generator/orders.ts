import {
  DEVICE_WEIGHTS,
  DISCOUNT_WEIGHTS,
  PAYMENT_WEIGHTS,
  SOURCE_WEIGHTS,
} from './accepted-values.js';
import { addVersion, latest, newEntity } from './entity.js';
import { assignArrivals, rollLateDays } from './assign-arrivals.js';
import { discountedCents, toCents, toDollars } from './money.js';
import { PrefixPicker } from './prefix-picker.js';
import { formatTimestamp, SECONDS_PER_DAY } from './time.js';
import { instantInDay, scheduleInstants, windowDayStarts } from './timeline.js';
import type { Customer } from './customers.js';
import type { Entity } from './entity.js';
import type { OrderItemRow, OrderRow } from './rows.js';
import type { Product } from './products.js';
import type { Rng } from './rng.js';
import type { Timeline } from './timeline.js';

/** An order, its customer and its lines (which never change: updates touch payment, channel and discount only). */
export interface Order extends Entity<OrderRow> {
  readonly customer: Customer;
  readonly items: readonly OrderItemRow[];
  readonly products: readonly Product[];
}

const UPDATE_RATE = 0.06;
/** Share of orders holding the same product on two separate lines, as a basket merge in the shop produces. */
const REPEATED_PRODUCT_RATE = 0.04;
/** A customer can order from an hour after their latest version, so their session fits in between. */
const CUSTOMER_LEAD = 3600;
/** Products are bought from an hour after launch, so product views before the purchase never precede the launch. */
const PRODUCT_LEAD = 3600;

interface Draft {
  at: number;
  readonly lateDays: number;
  customer: Customer;
}

/**
 * Orders, ids in order-time order. In daily-export mode each window day also receives one order placed 4 to 10
 * days earlier that arrives late, so every daily export holds a record more than three days late.
 */
export function generateOrders(
  rng: Rng,
  timeline: Timeline,
  count: number,
  perWindowDay: number,
  customers: readonly Customer[],
  products: readonly Product[],
): Order[] {
  const buyers = new PrefixPicker(customers.filter((c) => c.buyer), (c) => latest(c).at + CUSTOMER_LEAD);
  const catalogue = new PrefixPicker(products, (p) => p.launch + PRODUCT_LEAD, (p) => p.popularity);

  const late = windowDayStarts(timeline).map((dayStart) => {
    const lateDays = rng.int(4, 10);
    return { at: instantInDay(rng, dayStart - lateDays * SECONDS_PER_DAY), lateDays };
  });
  const planned = [
    ...scheduleInstants(rng, timeline, count - late.length, perWindowDay).map((at) => ({ at, lateDays: rollLateDays(rng) })),
    ...late,
  ];
  const drafts: Draft[] = planned.map(({ at, lateDays }) => {
    let customer = buyers.pick(rng, at);
    if (!customer) {
      // Only the first hours of history can lack a customer: move the order just after the first one.
      customer = buyers.first()!;
      at = latest(customer).at + CUSTOMER_LEAD + rng.int(60, SECONDS_PER_DAY);
    }
    return { at, lateDays, customer };
  });
  drafts.sort((a, b) => a.at - b.at);

  const orders = drafts.map((draft, index) => buildOrder(rng, index + 1, draft, catalogue));
  if (orders.length > 0 && !orders.some(hasRepeatedProduct)) orders[0] = repeatFirstProduct(orders[0]!);

  for (const order of orders) {
    if (!rng.chance(UPDATE_RATE)) continue;
    const updates = rng.chance(0.15) ? 2 : 1;
    for (let i = 0; i < updates; i++) {
      const gap = rng.chance(0.6) ? rng.int(300, 6 * 3600) : rng.int(6 * 3600, 5 * SECONDS_PER_DAY);
      const at = latest(order).at + gap;
      if (at > timeline.end) break;
      updateOrder(rng, order, at);
    }
  }
  assignArrivals(timeline, orders);
  forceDailyUpdates(rng, timeline, orders);
  return orders;
}

function buildOrder(rng: Rng, id: number, draft: Draft, catalogue: PrefixPicker<Product>): Order {
  const lineCount = rng.weighted([[1, 45], [2, 28], [3, 15], [4, 8], [5, 4]] as const);
  const products: Product[] = [];
  for (let attempt = 0; products.length < lineCount && attempt < lineCount * 5; attempt++) {
    const product = catalogue.pick(rng, draft.at)!;
    if (!products.includes(product)) products.push(product);
  }
  if (rng.chance(REPEATED_PRODUCT_RATE)) products.push(rng.pick(products));
  const items = products.map((product) => itemRow(id, product, rng.weighted([[1, 70], [2, 20], [3, 7], [4, 3]] as const)));
  const customerRow = latest(draft.customer).row;
  const row = withTotals(
    {
      order_id: id,
      customer_id: customerRow.customer_id,
      order_time: formatTimestamp(draft.at),
      payment_method: rng.weighted(PAYMENT_WEIGHTS),
      discount_pct: rng.weighted(DISCOUNT_WEIGHTS),
      subtotal_usd: 0,
      total_usd: 0,
      // The customer's country at order time; their latest version predates every order.
      country: customerRow.country,
      device: rng.weighted(DEVICE_WEIGHTS),
      source: rng.weighted(SOURCE_WEIGHTS),
    },
    items,
  );
  return { ...newEntity(id, row, draft.at, [draft.customer], draft.lateDays), customer: draft.customer, items, products };
}

function itemRow(orderId: number, product: Product, quantity: number): OrderItemRow {
  const unitCents = toCents(product.row.price_usd);
  return {
    order_id: orderId,
    product_id: product.row.product_id,
    unit_price_usd: toDollars(unitCents),
    quantity,
    line_total_usd: toDollars(unitCents * quantity),
  };
}

/** subtotal = Σ line totals; total = round(subtotal × (1 − discount/100), 2). */
function withTotals(row: OrderRow, items: readonly OrderItemRow[]): OrderRow {
  const subtotalCents = items.reduce((sum, item) => sum + toCents(item.line_total_usd), 0);
  const totalCents = discountedCents(subtotalCents, Math.round(row.discount_pct * 100));
  return { ...row, subtotal_usd: toDollars(subtotalCents), total_usd: toDollars(totalCents) };
}

function hasRepeatedProduct(order: Order): boolean {
  return new Set(order.items.map((item) => item.product_id)).size < order.items.length;
}

/** Guarantees the documented mess on tiny data sets: the first order repeats its first product on a second line. */
function repeatFirstProduct(order: Order): Order {
  const product = order.products[0]!;
  const items = [...order.items, itemRow(order.id, product, 1)];
  const version = order.versions[0]!;
  const row = withTotals(version.row, items);
  return { ...order, items, products: [...order.products, product], versions: [{ ...version, row }] };
}

/** A later version changing payment method, channel or discount; the lines and so the subtotal stay. */
function updateOrder(rng: Rng, order: Order, at: number): void {
  const previous = latest(order).row;
  const change = rng.weighted([['payment', 50], ['discount', 20], ['channel', 30]] as const);
  let next: OrderRow = { ...previous, order_time: formatTimestamp(at) };
  if (change === 'payment') {
    while (next.payment_method === previous.payment_method) next = { ...next, payment_method: rng.weighted(PAYMENT_WEIGHTS) };
  } else if (change === 'discount') {
    while (next.discount_pct === previous.discount_pct) next = { ...next, discount_pct: rng.weighted(DISCOUNT_WEIGHTS) };
  } else {
    next = { ...next, device: rng.weighted(DEVICE_WEIGHTS), source: rng.weighted(SOURCE_WEIGHTS) };
    if (next.device === previous.device && next.source === previous.source) {
      next = { ...next, source: previous.source === 'email' ? 'direct' : 'email' };
    }
  }
  addVersion(order, withTotals(next, order.items), at);
}

/** Every daily export carries at least one changed order that an earlier export already held. */
function forceDailyUpdates(rng: Rng, timeline: Timeline, orders: readonly Order[]): void {
  for (const dayStart of windowDayStarts(timeline)) {
    const dayEnd = dayStart + SECONDS_PER_DAY - 1;
    if (orders.some((o) => o.versions.some((v, i) => i > 0 && v.arrival >= dayStart && v.arrival <= dayEnd))) continue;
    const earlier = orders.filter((o) => latest(o).arrival < dayStart);
    const recent = earlier.filter((o) => o.versions[0]!.at >= dayStart - 30 * SECONDS_PER_DAY);
    const pool = recent.length > 0 ? recent : earlier;
    if (pool.length === 0) continue;
    const order = rng.pick(pool);
    updateOrder(rng, order, dayStart + rng.int(0, SECONDS_PER_DAY - 1));
    assignArrivals(timeline, [order]);
  }
}
