import { ErrorList, TrevcoError } from './trevco-error.js';

/**
 * Formats an error the way graphile-migrate and rustc do:
 *
 *   models/marts/fact_orders.sql:12:7 error[REF_NOT_FOUND] model 'fact_orders' refers to 'stg_order', which does not exist
 *      12 | from {{ ref('stg_order') }}
 *         |       ^
 *   hint: did you mean 'stg_orders'?
 */
export function formatError(error: unknown): string {
  if (error instanceof ErrorList) return error.errors.map(formatError).join('\n\n');
  if (!(error instanceof TrevcoError)) {
    return `error ${error instanceof Error ? error.message : String(error)}`;
  }
  const where = locationPrefix(error);
  const lines = [`${where}error[${error.code}] ${error.message}`];
  const excerpt = excerptWithCaret(error.source, error.line, error.column);
  if (excerpt) lines.push(excerpt);
  if (error.hint) lines.push(`hint: ${error.hint}`);
  return lines.join('\n');
}

function locationPrefix(error: TrevcoError): string {
  if (!error.file) return '';
  let where = error.file;
  if (error.line !== undefined) where += `:${error.line}`;
  if (error.line !== undefined && error.column !== undefined) where += `:${error.column}`;
  return `${where} `;
}

/** A one-line excerpt of `source` at `line` with a caret under `column`; undefined when there is nothing to show. */
export function excerptWithCaret(source: string | undefined, line?: number, column?: number): string | undefined {
  if (source === undefined || line === undefined) return undefined;
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return undefined;
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const out = [`  ${gutter} | ${text}`];
  if (column !== undefined && column >= 1) out.push(`  ${pad} | ${' '.repeat(column - 1)}^`);
  return out.join('\n');
}
