import { createHash } from 'node:crypto';
import type { IndexConfig } from '../config/node-config-schema.js';
import type { ColumnProperties, NodeConfig } from '../config/project-config.js';
import { quoteIdentifier, quoteLiteral, quoteRelation, suffixedIdentifier } from '../sql/quote.js';
import type { PlannedStatement } from './plan.js';
import type { RelationKind } from '../sql/replace-relation.js';

/**
 * The statements that apply a node's `indexes`, `persist_docs` and `grants` to the relation it builds. Plain
 * data, like every plan: the executor runs them inside the node's transaction.
 */

const KEYWORD: Readonly<Record<RelationKind, string>> = { table: 'table', view: 'view', materialized_view: 'materialized view' };

/** An index's name: the relation's, plus a hash of what it indexes, so a rebuild makes the same name again. */
export function indexName(identifier: string, index: IndexConfig): string {
  const hash = createHash('sha256').update(JSON.stringify([index.columns, index.unique, index.type ?? 'btree'])).digest('hex').slice(0, 8);
  return suffixedIdentifier(identifier, `__idx_${hash}`);
}

/**
 * `indexes` on a relation built under `builtOn` (the staging name): created there before the swap under a
 * staging index name (the old relation still holds the final one), renamed once the swap dropped the old relation.
 */
export function indexStatements(config: NodeConfig, schema: string, identifier: string, builtOn: string): { create: PlannedStatement[]; rename: PlannedStatement[] } {
  const indexes = (config.indexes as readonly IndexConfig[] | undefined) ?? [];
  const create: PlannedStatement[] = [];
  const rename: PlannedStatement[] = [];
  for (const index of indexes) {
    const name = indexName(identifier, index);
    const staged = builtOn === identifier ? name : suffixedIdentifier(name, '__trevco_new');
    const method = index.type ? ` using ${index.type}` : '';
    create.push({ sql: `create ${index.unique ? 'unique ' : ''}index ${quoteIdentifier(staged)} on ${quoteRelation(schema, builtOn)}${method} (${index.columns.map(quoteIdentifier).join(', ')})` });
    if (staged !== name) rename.push({ sql: `alter index ${quoteRelation(schema, staged)} rename to ${quoteIdentifier(name)}` });
  }
  return { create, rename };
}

/**
 * `indexes` on a relation kept in place (an incremental merge, a refreshed materialized view, a seed merge): the
 * configured ones are created when missing (their names come from their definitions), and indexes trevco made
 * earlier that the config no longer lists are dropped. Indexes made by hand (other names) are left alone.
 */
export function syncIndexStatements(config: NodeConfig, schema: string, identifier: string): PlannedStatement[] {
  const indexes = (config.indexes as readonly IndexConfig[] | undefined) ?? [];
  const wanted = indexes.map((index) => indexName(identifier, index));
  const prefix = suffixedIdentifier(identifier, '__idx_00000000').slice(0, -8);
  const drop: PlannedStatement = {
    sql: `do $trevco$
declare
  unwanted record;
begin
  for unwanted in
    select i.relname from pg_catalog.pg_index x
    join pg_catalog.pg_class i on i.oid = x.indexrelid
    where x.indrelid = ${quoteLiteral(quoteRelation(schema, identifier))}::pg_catalog.regclass
      and pg_catalog.starts_with(i.relname, ${quoteLiteral(prefix)}) and pg_catalog.length(i.relname) = ${Buffer.byteLength(prefix) + 8}
      and not (i.relname = any (${wanted.length === 0 ? 'array[]::text[]' : `array[${wanted.map(quoteLiteral).join(', ')}]::text[]`}))
  loop
    execute pg_catalog.format('drop index %I.%I', ${quoteLiteral(schema)}, unwanted.relname);
  end loop;
end $trevco$`,
  };
  const create = indexStatements(config, schema, identifier, identifier).create
    .map((statement) => ({ sql: statement.sql.replace(/^create (unique )?index /, 'create $1index if not exists ') }));
  return [drop, ...create];
}

/** `persist_docs: { relation: true, columns: true }`: descriptions become comments (they follow a relation through a rename). */
export function docsStatements(config: NodeConfig, kind: RelationKind, relation: string, description: string | undefined, columns: readonly ColumnProperties[]): PlannedStatement[] {
  const persist = (config.persist_docs as { relation?: boolean; columns?: boolean } | undefined) ?? {};
  const statements: PlannedStatement[] = [];
  // A materialized view's comment holds trevco's checksum, with the description (see materializedViewComment).
  if (persist.relation === true && kind !== 'materialized_view') {
    statements.push({ sql: `comment on ${KEYWORD[kind]} ${relation} is ${description ? quoteLiteral(description) : 'null'}` });
  }
  if (persist.columns === true) {
    for (const column of columns) {
      if (column.description === undefined) continue;
      statements.push({ sql: `comment on column ${relation}.${quoteIdentifier(column.name)} is ${quoteLiteral(column.description)}` });
    }
  }
  return statements;
}

/**
 * `grants: { select: [reporter] }`. A relation built new by a swap holds no grants, so granting is enough; one
 * kept in place (an incremental merge, a refreshed materialized view) first loses what is no longer configured,
 * as in dbt (the owner's own rights and PUBLIC are left alone). No `grants` config: nothing is touched.
 */
export function grantStatements(config: NodeConfig, relation: string, inPlace: boolean): PlannedStatement[] {
  const grants = config.grants as Readonly<Record<string, readonly string[]>> | undefined;
  if (grants === undefined) return [];
  const statements: PlannedStatement[] = [];
  if (inPlace) statements.push({ sql: revokeUnwanted(relation, grants) });
  for (const [privilege, roles] of Object.entries(grants)) {
    if (roles.length === 0) continue;
    statements.push({ sql: `grant ${privilege} on table ${relation} to ${roles.map(quoteIdentifier).join(', ')}` });
  }
  return statements;
}

function revokeUnwanted(relation: string, grants: Readonly<Record<string, readonly string[]>>): string {
  const wanted = Object.entries(grants).flatMap(([privilege, roles]) => roles.map((role) => `${privilege.toUpperCase()} ${role}`));
  return `do $trevco$
declare
  granted record;
begin
  for granted in
    select distinct a.privilege_type, pg_catalog.pg_get_userbyid(a.grantee) as grantee
    from pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a
    where c.oid = ${quoteLiteral(relation)}::pg_catalog.regclass and a.grantee <> c.relowner and a.grantee <> 0
  loop
    if not (granted.privilege_type || ' ' || granted.grantee = any (${arrayLiteral(wanted)})) then
      execute pg_catalog.format('revoke %s on table %s from %I', granted.privilege_type, ${quoteLiteral(relation)}, granted.grantee);
    end if;
  end loop;
end $trevco$`;
}

function arrayLiteral(values: readonly string[]): string {
  return values.length === 0 ? 'array[]::text[]' : `array[${values.map(quoteLiteral).join(', ')}]::text[]`;
}
