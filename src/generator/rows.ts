import type { Category, Device, EventType, PaymentMethod, Source } from './accepted-values.js';

/*
 * One interface per exported file. Property names are the CSV column names (snake_case on purpose), so a row can
 * be written, compared with a database row or looked up by column name without a mapping table.
 *
 * Timestamps are `YYYY-MM-DDTHH:MM:SS` strings (zone-less, as exported); they sort chronologically as text.
 * Money is a number of dollars with at most two decimals. `null` is an empty (NULL) field.
 */

/** A row of customers.csv. */
export interface CustomerRow {
  readonly customer_id: number;
  readonly name: string;
  readonly email: string;
  readonly country: string;
  readonly age: number;
  /** Also the export's CDC column: an updated customer carries a later signup_date than its previous version. */
  readonly signup_date: string;
  readonly marketing_opt_in: boolean;
}

/** A row of sessions.csv. */
export interface SessionRow {
  readonly session_id: number;
  readonly customer_id: number;
  readonly start_time: string;
  readonly device: Device;
  readonly source: Source;
  readonly country: string;
}

/** A row of events.csv; README.md lists which columns each event_type fills. */
export interface EventRow {
  readonly event_id: number;
  readonly session_id: number;
  readonly timestamp: string;
  readonly event_type: EventType;
  readonly product_id: number | null;
  readonly qty: number | null;
  readonly cart_size: number | null;
  readonly payment: PaymentMethod | null;
  readonly discount_pct: number | null;
  readonly amount_usd: number | null;
}

/** A row of products.csv. */
export interface ProductRow {
  readonly product_id: number;
  readonly category: Category;
  readonly name: string;
  readonly price_usd: number;
  readonly cost_usd: number;
  readonly margin_usd: number;
}

/** A row of orders.csv. */
export interface OrderRow {
  readonly order_id: number;
  readonly customer_id: number;
  readonly order_time: string;
  readonly payment_method: PaymentMethod;
  readonly discount_pct: number;
  readonly subtotal_usd: number;
  readonly total_usd: number;
  readonly country: string;
  readonly device: Device;
  readonly source: Source;
}

/** A row of order_items.csv: one order line. */
export interface OrderItemRow {
  readonly order_id: number;
  readonly product_id: number;
  readonly unit_price_usd: number;
  readonly quantity: number;
  readonly line_total_usd: number;
}

/** A row of reviews.csv. */
export interface ReviewRow {
  readonly review_id: number;
  readonly order_id: number;
  readonly product_id: number;
  readonly rating: number;
  readonly review_text: string | null;
  readonly review_time: string;
}

/** The row type of each exported table. */
export interface TableRows {
  readonly customers: CustomerRow;
  readonly sessions: SessionRow;
  readonly events: EventRow;
  readonly products: ProductRow;
  readonly orders: OrderRow;
  readonly order_items: OrderItemRow;
  readonly reviews: ReviewRow;
}

export type TableName = keyof TableRows;

/** The seven exported tables, each as the rows of its CSV file in file order. */
export type Dataset = { readonly [T in TableName]: readonly TableRows[T][] };
