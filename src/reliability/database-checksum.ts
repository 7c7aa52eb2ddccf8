import type { Adapter } from '../adapters/adapter.js';
import { quoteIdentifier, quoteRelation } from '../sql/quote.js';

/** Columns that differ between two runs of the same commands by design (the load's clock). */
const VOLATILE_COLUMNS = ['_trevco_loaded_at'];

/**
 * `schema.relation → "<rows>:<md5>"` for every table, view and materialized view of `schemas`: the rows as text,
 * sorted, hashed, without load timestamps. Two databases that got the same commands compare equal.
 */
export async function databaseChecksum(adapter: Adapter, schemas: readonly string[]): Promise<Record<string, string>> {
  const relations = await adapter.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = any($1) and c.relkind in ('r', 'v', 'm', 'p') order by 1, 2`,
    [schemas],
  );
  const sums: Record<string, string> = {};
  for (const { schema, name } of relations.rows) {
    const columns = await adapter.query<{ name: string }>(
      `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped order by attnum`,
      [quoteRelation(schema, name)],
    );
    const kept = columns.rows.map((column) => column.name).filter((column) => !VOLATILE_COLUMNS.includes(column));
    const row = `row(${kept.map(quoteIdentifier).join(', ')})::text`;
    const result = await adapter.query<{ n: string; sum: string }>(
      `select count(*)::text as n, md5(coalesce(string_agg(r, E'\\n' order by r), '')) as sum from (select ${row} as r from ${quoteRelation(schema, name)}) t`,
    );
    sums[`${schema}.${name}`] = `${result.rows[0]!.n}:${result.rows[0]!.sum}`;
  }
  return sums;
}
