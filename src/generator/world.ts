import { ConfigError } from '../errors/index.js';
import { generateCustomers } from './customers.js';
import { moveCustomers } from './customer-moves.js';
import { generateOrders } from './orders.js';
import { generateProducts } from './products.js';
import { generateReviews } from './reviews.js';
import { generateSessions } from './sessions.js';
import { naturalPerDay } from './timeline.js';
import { Rng } from './rng.js';
import type { Customer } from './customers.js';
import type { Session, ShopEvent } from './sessions.js';
import type { Order } from './orders.js';
import type { Product } from './products.js';
import type { Review } from './reviews.js';
import type { Timeline } from './timeline.js';

/**
 * Everything the shop ever recorded: each record with all its versions and when each version reaches an export.
 * Full exports, daily exports and the final truth are all cut from one World.
 */
export interface World {
  readonly timeline: Timeline;
  readonly products: readonly Product[];
  readonly customers: readonly Customer[];
  readonly orders: readonly Order[];
  readonly sessions: readonly Session[];
  readonly events: readonly ShopEvent[];
  readonly reviews: readonly Review[];
}

/** What a world is built from: options already validated into a timeline. */
export interface WorldOptions {
  readonly orders: number;
  readonly seed: number;
  readonly timeline: Timeline;
  readonly ordersPerDay?: number;
}

/**
 * Builds the world: a pure function of its options. Tables are made in dependency order and each settles its
 * records' arrivals (`assignArrivals`) before the next, because a record never arrives before what it references.
 */
export function buildWorld(options: WorldOptions): World {
  const { timeline, seed } = options;
  const days = timeline.windowDays;
  const perDay = (count: number, minimum: number): number =>
    days === 0 ? 0 : Math.max(minimum, Math.ceil(naturalPerDay(timeline, count)));

  const ordersPerDay = days === 0 ? 0 : (options.ordersPerDay ?? perDay(options.orders, 5));
  // Each window day also receives one late order, and history needs a few orders of its own.
  const minimumOrders = days * (ordersPerDay + 1) + 20;
  if (options.orders < minimumOrders) {
    throw new ConfigError(`${options.orders} orders cannot fill ${days} daily exports of ${ordersPerDay} orders`, {
      hint: `use at least ${minimumOrders} orders, or fewer orders per day`,
    });
  }
  const productCount = Math.min(400, Math.max(40, 40 + Math.round(options.orders / 25)));
  const customersPerDay = perDay(Math.round(options.orders * 0.45), 2);
  const customerCount = Math.max(20, Math.round(options.orders * 0.45), days * customersPerDay + 20);
  const browsePerDay = perDay(Math.round(options.orders * 1.2), 4);
  const browseCount = Math.max(Math.round(options.orders * 1.2), days * (browsePerDay + 2) + 20);

  const products = generateProducts(Rng.create(seed, 'products'), timeline, productCount);
  const customers = generateCustomers(Rng.create(seed, 'customers'), timeline, customerCount, customersPerDay);
  const orders = generateOrders(Rng.create(seed, 'orders'), timeline, options.orders, ordersPerDay, customers, products);
  const { sessions, events } = generateSessions(
    Rng.create(seed, 'sessions'),
    timeline,
    browseCount,
    browsePerDay,
    customers,
    orders,
    products,
  );
  const reviews = generateReviews(Rng.create(seed, 'reviews'), timeline, orders);
  if (days > 0) moveCustomers(Rng.create(seed, 'customer-moves'), timeline, customers, orders, sessions);
  return { timeline, products, customers, orders, sessions, events, reviews };
}
