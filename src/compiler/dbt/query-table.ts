import type { Row } from '../../adapters/adapter.js';

/** A row of a query result: indexable by position (`row[0]`) and by column name (`row['id']`, `row.id`). */
export type QueryRow = unknown[] & Record<string, unknown>;

/**
 * A column of a query result, as agate's: `.name` and `.values()`. It is an array of its values underneath:
 * Nunjucks' Jinja compatibility reads `.values()` of a plain object as a dict's values, but not of an array.
 */
export type QueryColumn = unknown[] & { readonly name: string; values(): unknown[] };

/**
 * What `run_query` returns, shaped like the agate table dbt returns: `columns` (with `.values()`), `rows`,
 * `column_names`. Values are as the adapters return them (numerics and dates as text).
 */
export class QueryTable {
  readonly column_names: string[];
  readonly rows: QueryRow[];
  readonly columns: QueryColumn[];

  constructor(rows: readonly Row[]) {
    this.column_names = rows.length > 0 ? Object.keys(rows[0]!) : [];
    this.rows = rows.map((row) => Object.assign(this.column_names.map((name) => row[name]), row) as QueryRow);
    this.columns = this.column_names.map((name, index) => {
      const values = this.rows.map((row) => row[index]);
      return Object.assign([...values], { name, values: () => [...values] });
    });
  }

  get length(): number {
    return this.rows.length;
  }

  /** agate's `table.print_table()`, used for debugging in dbt macros: a plain text table. */
  print_table(): string {
    return [this.column_names.join(' | '), ...this.rows.map((row) => row.join(' | '))].join('\n');
  }
}
