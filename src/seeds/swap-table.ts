import type { Session } from '../adapters/adapter.js';
import { quoteIdentifier, quoteRelation } from '../sql/quote.js';

/** A view (or materialized view) that depends on a table, captured so it can be recreated after a swap. */
interface DependentView {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'v' | 'm';
  readonly definition: string;
}

// Views reach a table through their rewrite rule: pg_depend(rule → table), pg_rewrite(rule → view). Walked
// recursively; each view's greatest depth orders it after everything it reads.
const DEPENDENT_VIEWS_SQL = `
  with recursive dependents(oid, depth) as (
    select r.ev_class, 1
    from pg_catalog.pg_depend d
    join pg_catalog.pg_rewrite r on r.oid = d.objid
    where d.classid = 'pg_catalog.pg_rewrite'::regclass and d.refobjid = $1::regclass and r.ev_class <> $1::regclass
    union
    select r.ev_class, dependents.depth + 1
    from dependents
    join pg_catalog.pg_depend d on d.refobjid = dependents.oid
    join pg_catalog.pg_rewrite r on r.oid = d.objid
    where d.classid = 'pg_catalog.pg_rewrite'::regclass and r.ev_class <> dependents.oid
  )
  select n.nspname as schema, c.relname as name, c.relkind as kind, pg_catalog.pg_get_viewdef(c.oid) as definition
  from (select oid, max(depth) as depth from dependents group by oid) v
  join pg_catalog.pg_class c on c.oid = v.oid
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  order by v.depth, n.nspname, c.relname`;

/**
 * Replaces `schema.table` by the freshly loaded `schema.staging`, inside the caller's transaction, so readers see
 * the old table or the new one and never a half-loaded one. Views that read the table (directly or through other
 * views) are captured, dropped with it and recreated on the new table before commit. Grants and comments on those
 * views are not carried over.
 */
export async function swapTable(session: Session, schema: string, table: string, staging: string): Promise<void> {
  const target = quoteRelation(schema, table);
  const exists = await session.query(`select to_regclass($1) is not null as present`, [target]);
  if (exists.rows[0]?.present) {
    const views = await captureDependentViews(session, target);
    await session.execute(`drop table ${target} cascade`);
    await renameStaging(session, schema, table, staging);
    for (const view of views) {
      const kind = view.kind === 'm' ? 'materialized view' : 'view';
      await session.execute(`create ${kind} ${quoteRelation(view.schema, view.name)} as ${view.definition}`);
    }
  } else {
    await renameStaging(session, schema, table, staging);
  }
}

async function captureDependentViews(session: Session, target: string): Promise<DependentView[]> {
  // With an empty search_path pg_get_viewdef qualifies every name, so the definitions mean the same anywhere.
  const { rows } = await session.query<{ path: string }>(`select current_setting('search_path') as path`);
  await session.execute(`set local search_path = ''`);
  try {
    const result = await session.query<DependentView & Record<string, unknown>>(DEPENDENT_VIEWS_SQL, [target]);
    return result.rows;
  } finally {
    await session.query(`select set_config('search_path', $1, true)`, [rows[0]!.path]);
  }
}

/**
 * Renames staging to the target, then the indexes and sequences the DDL created under the staging name
 * (`orders__trevco_staging_pkey`), so the next load can create them again.
 */
async function renameStaging(session: Session, schema: string, table: string, staging: string): Promise<void> {
  await session.execute(`alter table ${quoteRelation(schema, staging)} rename to ${quoteIdentifier(table)}`);
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
