import type { Session } from '../adapters/adapter.js';
import { getRelation } from '../adapters/relations.js';
import { swapStatements } from '../sql/replace-relation.js';
import { quoteIdentifier, quoteRelation } from '../sql/quote.js';

/**
 * Replaces `schema.table` by the freshly loaded `schema.staging`, inside the caller's transaction, so readers see
 * the old table or the new one and never a half-loaded one. Views that read the table are recreated on the new
 * one before commit, by the same swap table models use (materializations/replace-relation.ts).
 */
export async function swapTable(session: Session, schema: string, table: string, staging: string): Promise<void> {
  const existing = await getRelation(session, schema, table);
  for (const statement of swapStatements(schema, table, existing?.kind, 'table', staging)) await session.execute(statement.sql);
  await renameOwnedObjects(session, schema, table, staging);
}

/**
 * Renames the indexes and sequences the DDL created under the staging name (`orders__trevco_staging_pkey`),
 * so the next load can create them again.
 */
async function renameOwnedObjects(session: Session, schema: string, table: string, staging: string): Promise<void> {
  const owned = await session.query<{ name: string; kind: string }>(
    `select c.relname as name, c.relkind as kind from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relkind in ('i', 'S') and starts_with(c.relname, $2)`,
    [schema, staging],
  );
  for (const { name, kind } of owned.rows) {
    const renamed = table + name.slice(staging.length);
    const what = kind === 'i' ? 'index' : 'sequence';
    await session.execute(`alter ${what} ${quoteRelation(schema, name)} rename to ${quoteIdentifier(renamed)}`);
  }
}
