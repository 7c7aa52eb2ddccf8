import type { Row } from '../../adapters/adapter.js';

/**
 * A row or a column of a query result, as agate's: indexable by position (`row[0]`) and by name (`row['id']`,
 * `row.id`), iterable, with `.values()`, `.keys()` and (a column) `.name`. The template engine reads it through
 * `pyGetattr`/`pyGetitem`; TypeScript code reads the same values as own properties.
 */
export class AgateSequence {
  [key: string | number]: unknown;

  constructor(private readonly items: readonly unknown[], private readonly names: readonly string[], private readonly columnName?: string) {
    items.forEach((value, index) => {
      this[index] = value;
    });
    names.forEach((key, index) => {
      if (!(key in this)) this[key] = items[index];
    });
  }

  get length(): number {
    return this.items.length;
  }

  values(): unknown[] {
    return [...this.items];
  }

  keys(): string[] {
    return [...this.names];
  }

  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }

  /** `.values()` / `.keys()` are agate's methods; a row's other attributes are its columns; a column's `.name` its name. */
  pyGetattr(attribute: string): unknown {
    if (attribute === 'values') return () => this.values();
    if (attribute === 'keys') return () => this.keys();
    const index = this.names.indexOf(attribute);
    if (index >= 0) return this.items[index];
    return attribute === 'name' ? this.columnName : undefined;
  }

  /** `row[0]`, `row[-1]`, `row['id']` (a column name always wins over a method name here). */
  pyGetitem(key: unknown): unknown {
    if (typeof key === 'number' || typeof key === 'bigint') {
      const index = Number(key) < 0 ? this.items.length + Number(key) : Number(key);
      return this.items[index];
    }
    if (typeof key !== 'string') return undefined;
    const index = this.names.indexOf(key);
    return index >= 0 ? this.items[index] : this.pyGetattr(key);
  }
}

export type QueryRow = AgateSequence;
export type QueryColumn = AgateSequence;

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
    this.rows = rows.map((row) => new AgateSequence(this.column_names.map((name) => row[name]), this.column_names));
    this.columns = this.column_names.map((name, index) => new AgateSequence(this.rows.map((row) => row[index]), [], name));
  }

  get length(): number {
    return this.rows.length;
  }

  /** agate's `table.print_table()`, used for debugging in dbt macros: a plain text table. */
  print_table(): string {
    return [this.column_names.join(' | '), ...this.rows.map((row) => row.values().join(' | '))].join('\n');
  }
}
