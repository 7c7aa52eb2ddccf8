import type { TableName, TableRows } from './rows.js';

/** How a column's values are written to CSV (and which SQL type `sql/ddl/` gives it). */
export type ColumnKind = 'id' | 'integer' | 'money' | 'percent' | 'timestamp' | 'text' | 'boolean';

/** A column of table `T` (for the default, a column of any table). */
export type ColumnName<T extends TableName> = T extends TableName ? keyof TableRows[T] & string : never;

/** One exported table: its file, its columns in order, its key and its CDC column. */
export interface TableSpec<T extends TableName = TableName> {
  readonly name: T;
  readonly file: `${T}.csv`;
  readonly columns: readonly { readonly name: ColumnName<T>; readonly kind: ColumnKind }[];
  /** The column identifying a record; undefined for tables whose rows have no identity of their own. */
  readonly key?: ColumnName<T>;
  /**
   * The change-data-capture column: among rows with the same key, the one with the greatest value is the truth.
   * Undefined for tables that are always exported (and loaded) in full.
   */
  readonly cdc?: ColumnName<T>;
}

/** The seven tables, in dependency order (a table only references tables before it). */
export const TABLE_SPECS: { readonly [T in TableName]: TableSpec<T> } = {
  products: {
    name: 'products',
    file: 'products.csv',
    key: 'product_id',
    columns: [
      { name: 'product_id', kind: 'id' },
      { name: 'category', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'price_usd', kind: 'money' },
      { name: 'cost_usd', kind: 'money' },
      { name: 'margin_usd', kind: 'money' },
    ],
  },
  customers: {
    name: 'customers',
    file: 'customers.csv',
    key: 'customer_id',
    cdc: 'signup_date',
    columns: [
      { name: 'customer_id', kind: 'id' },
      { name: 'name', kind: 'text' },
      { name: 'email', kind: 'text' },
      { name: 'country', kind: 'text' },
      { name: 'age', kind: 'integer' },
      { name: 'signup_date', kind: 'timestamp' },
      { name: 'marketing_opt_in', kind: 'boolean' },
    ],
  },
  sessions: {
    name: 'sessions',
    file: 'sessions.csv',
    key: 'session_id',
    cdc: 'start_time',
    columns: [
      { name: 'session_id', kind: 'id' },
      { name: 'customer_id', kind: 'id' },
      { name: 'start_time', kind: 'timestamp' },
      { name: 'device', kind: 'text' },
      { name: 'source', kind: 'text' },
      { name: 'country', kind: 'text' },
    ],
  },
  events: {
    name: 'events',
    file: 'events.csv',
    key: 'event_id',
    cdc: 'timestamp',
    columns: [
      { name: 'event_id', kind: 'id' },
      { name: 'session_id', kind: 'id' },
      { name: 'timestamp', kind: 'timestamp' },
      { name: 'event_type', kind: 'text' },
      { name: 'product_id', kind: 'id' },
      { name: 'qty', kind: 'integer' },
      { name: 'cart_size', kind: 'integer' },
      { name: 'payment', kind: 'text' },
      { name: 'discount_pct', kind: 'percent' },
      { name: 'amount_usd', kind: 'money' },
    ],
  },
  orders: {
    name: 'orders',
    file: 'orders.csv',
    key: 'order_id',
    cdc: 'order_time',
    columns: [
      { name: 'order_id', kind: 'id' },
      { name: 'customer_id', kind: 'id' },
      { name: 'order_time', kind: 'timestamp' },
      { name: 'payment_method', kind: 'text' },
      { name: 'discount_pct', kind: 'percent' },
      { name: 'subtotal_usd', kind: 'money' },
      { name: 'total_usd', kind: 'money' },
      { name: 'country', kind: 'text' },
      { name: 'device', kind: 'text' },
      { name: 'source', kind: 'text' },
    ],
  },
  order_items: {
    name: 'order_items',
    file: 'order_items.csv',
    columns: [
      { name: 'order_id', kind: 'id' },
      { name: 'product_id', kind: 'id' },
      { name: 'unit_price_usd', kind: 'money' },
      { name: 'quantity', kind: 'integer' },
      { name: 'line_total_usd', kind: 'money' },
    ],
  },
  reviews: {
    name: 'reviews',
    file: 'reviews.csv',
    key: 'review_id',
    cdc: 'review_time',
    columns: [
      { name: 'review_id', kind: 'id' },
      { name: 'order_id', kind: 'id' },
      { name: 'product_id', kind: 'id' },
      { name: 'rating', kind: 'integer' },
      { name: 'review_text', kind: 'text' },
      { name: 'review_time', kind: 'timestamp' },
    ],
  },
};

/** Table names in dependency order. */
export const TABLE_NAMES: readonly TableName[] = Object.keys(TABLE_SPECS) as TableName[];
