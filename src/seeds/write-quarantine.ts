import type { Session } from '../adapters/adapter.js';
import { quoteRelation, suffixedIdentifier } from '../sql/quote.js';
import type { BadRow } from './validated-csv-source.js';

const BATCH = 500;

/** The name of a table's quarantine table: `<table>__quarantine` in the same schema. */
export function quarantineTableName(table: string): string {
  return suffixedIdentifier(table, '__quarantine');
}

/**
 * Replaces `<schema>.<table>__quarantine` with this load's bad rows (file, line, raw text, reason), inside the
 * load's transaction so it always describes the load that is visible.
 */
export async function writeQuarantine(session: Session, schema: string, table: string, rows: readonly BadRow[]): Promise<string> {
  const name = quarantineTableName(table);
  const relation = quoteRelation(schema, name);
  await session.execute(`drop table if exists ${relation};
    create table ${relation} (file text not null, line integer not null, raw text not null, reason text not null,
      _trevco_loaded_at timestamptz not null default now())`);
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const values = batch.map((_, j) => `($${j * 4 + 1}, $${j * 4 + 2}, $${j * 4 + 3}, $${j * 4 + 4})`).join(', ');
    await session.query(`insert into ${relation} (file, line, raw, reason) values ${values}`,
      batch.flatMap((row) => [row.file, row.line, row.raw, row.reason]));
  }
  return `${schema}.${name}`;
}
