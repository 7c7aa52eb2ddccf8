/**
 * The closed sets of values the export uses. Data tests assert them (`accepted_values`), so they are listed here
 * once and documented in README.md; the weights only shape how often each value is drawn.
 */

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'apple_pay', 'gift_card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const DEVICES = ['desktop', 'mobile', 'tablet'] as const;
export type Device = (typeof DEVICES)[number];

export const SOURCES = ['organic', 'paid_search', 'social', 'email', 'referral', 'direct'] as const;
export type Source = (typeof SOURCES)[number];

export const EVENT_TYPES = [
  'page_view',
  'product_view',
  'add_to_cart',
  'remove_from_cart',
  'checkout',
  'purchase',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const CATEGORIES = [
  'Electronics',
  'Home & Kitchen',
  'Clothing',
  'Beauty',
  'Sports & Outdoors',
  'Books',
  'Toys & Games',
  'Grocery',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Discount percentages an order may carry; 12.5 exercises the two decimals of `numeric(5,2)`. */
export const DISCOUNT_PCTS = [0, 5, 10, 12.5, 15, 20, 25] as const;

export const RATINGS = [1, 2, 3, 4, 5] as const;

export const PAYMENT_WEIGHTS: readonly (readonly [PaymentMethod, number])[] = [
  ['card', 55],
  ['paypal', 20],
  ['apple_pay', 12],
  ['bank_transfer', 8],
  ['gift_card', 5],
];

export const DEVICE_WEIGHTS: readonly (readonly [Device, number])[] = [
  ['mobile', 55],
  ['desktop', 37],
  ['tablet', 8],
];

export const SOURCE_WEIGHTS: readonly (readonly [Source, number])[] = [
  ['organic', 30],
  ['paid_search', 20],
  ['direct', 18],
  ['social', 14],
  ['email', 10],
  ['referral', 8],
];

/** Most orders carry no discount; 12.5 % is rare on purpose. */
export const DISCOUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [0, 68],
  [5, 8],
  [10, 10],
  [12.5, 2],
  [15, 6],
  [20, 4],
  [25, 2],
];

export const RATING_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 6],
  [2, 7],
  [3, 14],
  [4, 30],
  [5, 43],
];
