import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import type { Dataset, TableName, TableRows } from './rows.js';

/**
 * What a CDC-aware loader should end up with after loading `dataset`: for each table with a CDC column, one row per
 * key, the one with the greatest CDC value (on a tie, the later row in file order), sorted by key; tables without a
 * CDC column as they are.
 */
export function finalState(dataset: Dataset): Dataset {
  const out: Partial<Record<TableName, readonly unknown[]>> = {};
  for (const name of TABLE_NAMES) out[name] = latestByKey(name, dataset[name]);
  return out as Dataset;
}

function latestByKey<T extends TableName>(name: T, rows: readonly TableRows[T][]): readonly TableRows[T][] {
  const { key, cdc } = TABLE_SPECS[name] as { key?: keyof TableRows[T]; cdc?: keyof TableRows[T] };
  if (key === undefined || cdc === undefined) return rows;
  const latest = new Map<unknown, TableRows[T]>();
  for (const row of rows) {
    const current = latest.get(row[key]);
    // Timestamps are zone-less ISO strings, which compare chronologically as text.
    if (current === undefined || String(row[cdc]) >= String(current[cdc])) latest.set(row[key], row);
  }
  return [...latest.values()].sort((a, b) => Number(a[key]) - Number(b[key]));
}

/**
 * Concatenates exports in the order they were taken, as loading them one after another would: CDC tables
 * accumulate, products and order_items (always exported whole) are replaced by the last export's snapshot.
 */
export function unionExports(exports: readonly Dataset[]): Dataset {
  const out: Partial<Record<TableName, readonly unknown[]>> = {};
  for (const name of TABLE_NAMES) {
    out[name] = TABLE_SPECS[name].cdc === undefined
      ? (exports[exports.length - 1]?.[name] ?? [])
      : exports.flatMap((dataset) => dataset[name] as readonly unknown[]);
  }
  return out as Dataset;
}
