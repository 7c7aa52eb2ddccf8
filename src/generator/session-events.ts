import { toCents, toDollars } from './money.js';
import type { EventType, PaymentMethod } from './accepted-values.js';
import type { Order } from './orders.js';
import type { PrefixPicker } from './prefix-picker.js';
import type { Product } from './products.js';
import type { Rng } from './rng.js';

/**
 * One event before ids are assigned. Which fields an event carries depends on its type (README.md lists them);
 * the others stay null.
 */
export interface EventDraft {
  at: number;
  readonly type: EventType;
  readonly product?: Product;
  readonly qty?: number;
  readonly cartSize?: number;
  readonly payment?: PaymentMethod;
  readonly discountPct?: number;
  readonly amountCents?: number;
}

/**
 * Builds a draft with every property present and in one order, so all drafts share one shape: the sort over
 * hundreds of thousands of events stays fast (V8 optimises monomorphic property access).
 */
function timed(at: number, event: Omit<EventDraft, 'at'>): EventDraft {
  return {
    at,
    type: event.type,
    product: event.product,
    qty: event.qty,
    cartSize: event.cartSize,
    payment: event.payment,
    discountPct: event.discountPct,
    amountCents: event.amountCents,
  };
}

/** Seconds between two clicks of one visit. */
function gap(rng: Rng): number {
  return rng.int(5, 120);
}

/**
 * The visit that placed an order, ending with its `purchase` event exactly at the order's first order_time:
 * landing pages, a view and an add-to-cart per line, sometimes a product looked at and dropped, checkout, purchase.
 */
export function purchaseEvents(rng: Rng, order: Order, catalogue: PrefixPicker<Product>): EventDraft[] {
  const first = order.versions[0]!;
  const placedAt = first.at;
  const events: Omit<EventDraft, 'at'>[] = [];
  for (let i = rng.int(1, 2); i > 0; i--) events.push({ type: 'page_view' });
  let cart = 0;
  let cartCents = 0;
  const viewed = new Set<Product>();
  order.items.forEach((item, index) => {
    const product = order.products[index]!;
    if (!viewed.has(product)) events.push({ type: 'product_view', product });
    viewed.add(product);
    cart += item.quantity;
    cartCents += toCents(item.line_total_usd);
    events.push({ type: 'add_to_cart', product, qty: item.quantity, cartSize: cart });
  });
  if (rng.chance(0.3)) events.push({ type: 'product_view', product: catalogue.pick(rng, placedAt)! });
  if (rng.chance(0.1)) {
    const product = catalogue.pick(rng, placedAt)!;
    events.push({ type: 'product_view', product });
    events.push({ type: 'add_to_cart', product, qty: 1, cartSize: cart + 1 });
    events.push({ type: 'remove_from_cart', product, qty: 1, cartSize: cart });
  }
  events.push({ type: 'checkout', cartSize: cart, amountCents: cartCents });
  events.push({
    type: 'purchase',
    cartSize: cart,
    payment: first.row.payment_method,
    discountPct: first.row.discount_pct,
    amountCents: toCents(first.row.total_usd),
  });
  // Lay the clicks out backwards from the purchase, which happens at the order's time.
  const out: EventDraft[] = [];
  let at = placedAt;
  for (let i = events.length - 1; i >= 0; i--) {
    out.push(timed(at, events[i]!));
    at -= gap(rng);
  }
  return out.reverse();
}

/** A visit that buys nothing: pages, product views, perhaps a cart that is changed or abandoned at checkout. */
export function browseEvents(rng: Rng, firstEventAt: number, catalogue: PrefixPicker<Product>): EventDraft[] {
  const events: Omit<EventDraft, 'at'>[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) events.push({ type: 'page_view' });
  const viewed: Product[] = [];
  for (let i = rng.weighted([[0, 20], [1, 30], [2, 25], [3, 15], [4, 10]] as const); i > 0; i--) {
    const product = catalogue.pick(rng, firstEventAt);
    if (!product) break;
    viewed.push(product);
    events.push({ type: 'product_view', product });
  }
  let cart = 0;
  let cartCents = 0;
  const inCart: { product: Product; qty: number }[] = [];
  for (const product of viewed) {
    if (!rng.chance(0.3)) continue;
    const qty = rng.weighted([[1, 80], [2, 20]] as const);
    cart += qty;
    cartCents += toCents(product.row.price_usd) * qty;
    inCart.push({ product, qty });
    events.push({ type: 'add_to_cart', product, qty, cartSize: cart });
  }
  if (inCart.length > 0 && rng.chance(0.3)) {
    const removed = rng.pick(inCart);
    cart -= removed.qty;
    cartCents -= toCents(removed.product.row.price_usd) * removed.qty;
    events.push({ type: 'remove_from_cart', product: removed.product, qty: removed.qty, cartSize: cart });
  }
  if (cart > 0 && rng.chance(0.2)) events.push({ type: 'checkout', cartSize: cart, amountCents: cartCents });
  let at = firstEventAt;
  return events.map((event) => {
    const draft = timed(at, event);
    at += gap(rng);
    return draft;
  });
}

/** Converts a draft's optional fields to the export's nullable columns. */
export function eventColumns(draft: EventDraft) {
  return {
    product_id: draft.product?.row.product_id ?? null,
    qty: draft.qty ?? null,
    cart_size: draft.cartSize ?? null,
    payment: draft.payment ?? null,
    discount_pct: draft.discountPct ?? null,
    amount_usd: draft.amountCents === undefined ? null : toDollars(draft.amountCents),
  };
}
