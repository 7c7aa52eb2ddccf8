import type { RelationInfo, Session } from './adapter.js';
import { quoteIdentifier } from '../sql/quote.js';

const KINDS: Readonly<Record<string, RelationInfo['kind']>> = {
  r: 'table',
  p: 'table',
  v: 'view',
  m: 'materialized_view',
};

const RELATIONS_SQL = `
  select n.nspname as schema, c.relname as name, c.relkind as relkind, obj_description(c.oid, 'pg_class') as comment
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm')`;

/** Looks one relation up by schema and name (exact, case-sensitive: trevco quotes every identifier). */
export async function getRelation(session: Session, schema: string, name: string): Promise<RelationInfo | undefined> {
  const result = await session.query(`${RELATIONS_SQL} and n.nspname = $1 and c.relname = $2`, [schema, name]);
  const row = result.rows[0];
  return row ? toRelationInfo(row) : undefined;
}

/** Every table, view and materialized view in the given schemas. */
export async function listRelations(session: Session, schemas: readonly string[]): Promise<RelationInfo[]> {
  if (schemas.length === 0) return [];
  const result = await session.query(`${RELATIONS_SQL} and n.nspname = any($1::text[]) order by 1, 2`, [schemas]);
  return result.rows.map(toRelationInfo);
}

/** Creates a schema when it does not exist yet. */
export async function ensureSchema(session: Session, schema: string): Promise<void> {
  await session.execute(`create schema if not exists ${quoteIdentifier(schema)}`);
}

/** The columns of a relation in ordinal order, with their formatted types (e.g. `numeric(12,2)`). */
export async function getColumns(session: Session, schema: string, name: string): Promise<{ name: string; type: string }[]> {
  const result = await session.query<{ name: string; type: string }>(
    `select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
     from pg_catalog.pg_attribute a
     join pg_catalog.pg_class c on c.oid = a.attrelid
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [schema, name],
  );
  return result.rows;
}

function toRelationInfo(row: Record<string, unknown>): RelationInfo {
  return {
    schema: String(row.schema),
    name: String(row.name),
    kind: KINDS[String(row.relkind)] ?? 'table',
    comment: row.comment === null || row.comment === undefined ? null : String(row.comment),
  };
}
