import type { Row } from '../adapters/adapter.js';

/** Longest cell `show` prints in a table; --output csv or json give every value whole. */
const MAX_CELL = 60;

/** One value as text: NULL as `null` in tables and empty in CSV; JSON and arrays as JSON; everything else as the database gave it. */
function text(value: unknown, nullText: string): string {
  if (value === null || value === undefined) return nullText;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

const NUMERIC = /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i;

/**
 * An aligned table in dbt show's markdown style (`| a | b |`, then `| - | - |`); numeric columns are right-aligned.
 * Cells longer than 60 characters end in `…`.
 */
export function formatTable(columns: readonly string[], rows: readonly Row[]): string {
  if (columns.length === 0) return '(no columns)';
  const cells = rows.map((row) => columns.map((column) => clip(text(row[column], 'null'))));
  const numeric = columns.map((column, i) =>
    rows.some((row) => row[column] !== null && row[column] !== undefined) && rows.every((row, r) => row[column] === null || row[column] === undefined || NUMERIC.test(cells[r]![i]!)));
  const widths = columns.map((column, i) => Math.max(column.length, ...cells.map((cell) => cell[i]!.length)));
  const line = (values: readonly string[], align: readonly boolean[]): string =>
    `| ${values.map((value, i) => (align[i] ? value.padStart(widths[i]!) : value.padEnd(widths[i]!))).join(' | ')} |`;
  const header = line(columns, columns.map(() => false));
  const rule = `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`;
  return [header, rule, ...cells.map((cell) => line(cell, numeric))].join('\n');
}

/** RFC 4180 CSV with a header: fields holding a comma, quote or line break are quoted, quotes doubled; NULL is an empty field. */
export function formatCsv(columns: readonly string[], rows: readonly Row[]): string {
  const field = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [columns.map(field).join(','), ...rows.map((row) => columns.map((column) => field(text(row[column], ''))).join(','))].join('\n');
}

function clip(value: string): string {
  const oneLine = value.replace(/\r?\n/g, '\\n');
  return oneLine.length > MAX_CELL ? `${oneLine.slice(0, MAX_CELL - 1)}…` : oneLine;
}
