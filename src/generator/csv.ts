import type { ColumnKind, TableSpec } from './table-specs.js';
import type { TableName, TableRows } from './rows.js';

/**
 * Quotes a field as RFC 4180 asks: only when it holds a comma, a double quote, CR or LF, doubling inner quotes.
 * An empty string is quoted too, so that it stays distinct from an empty (NULL) field, as PostgreSQL's COPY reads it.
 */
export function quoteCsvField(text: string): string {
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replaceAll('"', '""')}"`;
  return text;
}

/** The CSV text of one value of a column of the given kind; null is an empty field. */
export function formatCsvValue(value: unknown, kind: ColumnKind): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'money':
    case 'percent':
      return (value as number).toFixed(2);
    case 'boolean':
      // The export writes Python-style booleans; PostgreSQL's boolean input accepts them case-insensitively.
      return value ? 'True' : 'False';
    case 'id':
    case 'integer':
      return String(value);
    case 'timestamp':
    case 'text':
      return quoteCsvField(value as string);
  }
}

/** The header line of a table's file, without the line ending. */
export function csvHeader(spec: TableSpec): string {
  return spec.columns.map((column) => quoteCsvField(column.name)).join(',');
}

/** One data line of a table's file, without the line ending. */
export function csvLine<T extends TableName>(spec: TableSpec<T>, row: TableRows[T]): string {
  // The column list is typed per table; indexing the row by it needs the widening.
  const values = row as unknown as Readonly<Record<string, unknown>>;
  return spec.columns.map((column) => formatCsvValue(values[column.name], column.kind)).join(',');
}

/** A whole file: header, one line per row, LF line endings, a final LF. */
export function toCsv<T extends TableName>(spec: TableSpec<T>, rows: readonly TableRows[T][]): string {
  const lines = [csvHeader(spec)];
  for (const row of rows) lines.push(csvLine(spec, row));
  return `${lines.join('\n')}\n`;
}
