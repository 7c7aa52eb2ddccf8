import type { RelationInfo } from '../adapters/adapter.js';
import { quoteIdentifier, quoteLiteral, quoteRelation, suffixedIdentifier } from './quote.js';

/** A statement to run as is (materializations' PlannedStatement is one). */
export interface SqlStatement {
  readonly sql: string;
}

export type RelationKind = RelationInfo['kind'];

const DROP_KEYWORD: Readonly<Record<RelationKind, string>> = {
  table: 'table',
  view: 'view',
  materialized_view: 'materialized view',
};

/** The name a relation is built under before it is swapped in. */
export function stagingName(identifier: string): string {
  return suffixedIdentifier(identifier, '__trevco_new');
}

/**
 * Swaps a freshly built relation (under `stagingName`) in place of the existing one, inside the caller's
 * transaction, so readers see the old relation until commit and a failure leaves it untouched.
 *
 * Views (and materialized views) that read the old relation would be dropped by `drop … cascade`, so they are
 * rebuilt: their definitions are captured first (with an empty search_path, so every name in them is
 * schema-qualified), then recreated in dependency order after the rename, with their indexes, grants and comments.
 */
export function swapStatements(
  schema: string,
  identifier: string,
  existing: RelationKind | undefined,
  built: RelationKind,
  staging = stagingName(identifier),
): SqlStatement[] {
  const rename = `alter ${DROP_KEYWORD[built]} ${quoteRelation(schema, staging)} rename to ${quoteIdentifier(identifier)}`;
  if (!existing) return [{ sql: rename }];
  const drop = `drop ${DROP_KEYWORD[existing]} ${quoteRelation(schema, identifier)} cascade`;
  return [{ sql: replaceKeepingDependents(schema, identifier, drop, rename) }];
}

/**
 * Drops a staging relation of whatever kind is there. Builds run in one transaction, so a killed run leaves
 * none behind; this guards against one left by hand or by an older version.
 */
export function dropStagingStatement(schema: string, identifier: string): SqlStatement {
  const name = stagingName(identifier);
  return {
    sql: `do $trevco$
declare
  kind "char";
begin
  select c.relkind into kind from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where n.nspname = ${quoteLiteral(schema)} and c.relname = ${quoteLiteral(name)};
  if kind in ('r', 'p') then execute ${quoteLiteral(`drop table ${quoteRelation(schema, name)} cascade`)};
  elsif kind = 'v' then execute ${quoteLiteral(`drop view ${quoteRelation(schema, name)} cascade`)};
  elsif kind = 'm' then execute ${quoteLiteral(`drop materialized view ${quoteRelation(schema, name)} cascade`)};
  end if;
end $trevco$`,
  };
}

/** The two-key advisory lock swaps with dependents take (a space of their own, apart from one-key locks). */
const REPLACE_LOCK_NAMESPACE = 7_315_023;
const REPLACE_LOCK_KEY = 1;

function replaceKeepingDependents(schema: string, identifier: string, drop: string, rename: string): string {
  return `do $trevco$
declare
  dependent record;
  definitions text[] := array[]::text[];
  restores text[] := array[]::text[];
  definition text;
  saved_search_path text := pg_catalog.current_setting('search_path');
begin
  -- Two relations read by one view (fact_orders and dim_date under daily_revenue) may be swapped at once on
  -- PostgreSQL: each would capture the view, drop it and recreate it, and the second would find the first's copy
  -- gone ("could not open relation with OID"). Swaps that rebuild dependents take turns, until commit.
  perform pg_catalog.pg_advisory_xact_lock(${REPLACE_LOCK_NAMESPACE}, ${REPLACE_LOCK_KEY});
  -- With an empty search_path, pg_get_viewdef qualifies every name, so the definitions survive the swap.
  perform pg_catalog.set_config('search_path', '', true);
  for dependent in
    with recursive tree(oid, depth) as (
      select rw.ev_class, 1
      from pg_catalog.pg_depend d
      join pg_catalog.pg_rewrite rw on rw.oid = d.objid
      where d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
        and d.refobjid = (select c.oid from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
                          where n.nspname = ${quoteLiteral(schema)} and c.relname = ${quoteLiteral(identifier)})
        and rw.ev_class <> d.refobjid
      union all
      select rw.ev_class, tree.depth + 1
      from tree
      join pg_catalog.pg_depend d on d.refobjid = tree.oid and d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
      join pg_catalog.pg_rewrite rw on rw.oid = d.objid
      where rw.ev_class <> tree.oid and tree.depth < 100
    )
    select c.oid, c.relkind, n.nspname, c.relname, max(tree.depth) as depth
    from tree
    join pg_catalog.pg_class c on c.oid = tree.oid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    group by c.oid, c.relkind, n.nspname, c.relname
    order by max(tree.depth), n.nspname, c.relname
  loop
    definitions := definitions || pg_catalog.format('create %s %I.%I as %s',
      case when dependent.relkind = 'm' then 'materialized view' else 'view' end,
      dependent.nspname, dependent.relname, pg_catalog.rtrim(pg_catalog.pg_get_viewdef(dependent.oid), '; '));
    -- What a recreated view would lose: its indexes (a materialized view's), grants (not the owner's own) and comments.
    restores := restores || array(select pg_catalog.pg_get_indexdef(i.indexrelid) from pg_catalog.pg_index i where i.indrelid = dependent.oid);
    restores := restores || array(
      select pg_catalog.format('grant %s on %I.%I to %s%s', a.privilege_type, dependent.nspname, dependent.relname,
        case when a.grantee = 0 then 'public' else pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) end,
        case when a.is_grantable then ' with grant option' else '' end)
      from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
      where c.oid = dependent.oid and a.grantee <> c.relowner);
    restores := restores || array(
      select pg_catalog.format('comment on %s %I.%I is %L', case when dependent.relkind = 'm' then 'materialized view' else 'view' end,
        dependent.nspname, dependent.relname, d.description)
      from pg_catalog.pg_description d
      where d.objoid = dependent.oid and d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objsubid = 0);
    restores := restores || array(
      select pg_catalog.format('comment on column %I.%I.%I is %L', dependent.nspname, dependent.relname, a.attname, d.description)
      from pg_catalog.pg_description d
      join pg_catalog.pg_attribute a on a.attrelid = d.objoid and a.attnum = d.objsubid
      where d.objoid = dependent.oid and d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objsubid > 0);
  end loop;
  perform pg_catalog.set_config('search_path', saved_search_path, true);
  execute ${quoteLiteral(drop)};
  execute ${quoteLiteral(rename)};
  foreach definition in array definitions loop
    execute definition;
  end loop;
  foreach definition in array restores loop
    execute definition;
  end loop;
end $trevco$`;
}
