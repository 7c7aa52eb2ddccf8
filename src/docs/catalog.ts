import type { Session } from '../adapters/adapter.js';
import type { CompiledProject, RelationName } from '../compiler/compiled-project.js';
import { quoteIdentifier } from '../sql/quote.js';
import { metadata } from '../artifacts/write-manifest.js';

export interface CatalogColumn {
  readonly name: string;
  readonly type: string;
  readonly index: number;
  readonly comment: string | null;
}

/** One relation as the database has it, in dbt's catalog.json shape. */
export interface CatalogEntry {
  readonly unique_id: string;
  readonly metadata: { readonly type: 'table' | 'view' | 'materialized_view'; readonly schema: string; readonly name: string; readonly comment: string | null };
  readonly columns: Readonly<Record<string, CatalogColumn>>;
  /** `row_count`: exact, for tables and materialized views; views are not counted (that would run them). */
  readonly stats: Readonly<Record<string, { readonly id: string; readonly label: string; readonly value: number | null; readonly include: boolean; readonly description: string }>>;
}

export interface Catalog {
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly nodes: Readonly<Record<string, CatalogEntry>>;
  readonly sources: Readonly<Record<string, CatalogEntry>>;
  /** Selected nodes whose relation does not exist yet (never built or loaded). */
  readonly errors: null | readonly string[];
}

const KINDS: Readonly<Record<string, CatalogEntry['metadata']['type']>> = { r: 'table', p: 'table', v: 'view', m: 'materialized_view' };

/** Every node of the project that has a relation: models (not ephemeral), seeds, sources, and any later kind with one. */
export function relationNodes(compiled: CompiledProject): { id: string; resourceType: string; relation: RelationName }[] {
  const nodes: { id: string; resourceType: string; relation: RelationName }[] = [];
  for (const node of compiled.nodes.values()) {
    const relation = (node as { relation?: RelationName }).relation;
    if (relation) nodes.push({ id: node.id, resourceType: node.resourceType, relation });
  }
  return nodes;
}

/**
 * target/catalog.json: the relations, their columns and types (one query over pg_catalog for all of them) and
 * exact row counts of tables and materialized views, read from the database. Read-only.
 */
export async function buildCatalog(session: Session, compiled: CompiledProject): Promise<Catalog> {
  const wanted = relationNodes(compiled);
  const schemas = [...new Set(wanted.map((node) => node.relation.schema))];
  const result = await session.query<{ schema: string; relation: string; relkind: string; relation_comment: string | null; column: string | null; type: string | null; index: number | null; column_comment: string | null }>(
    `select n.nspname as schema, c.relname as relation, c.relkind as relkind, obj_description(c.oid, 'pg_class') as relation_comment,
            a.attname as column, pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnum::int as index, col_description(c.oid, a.attnum) as column_comment
     from pg_catalog.pg_class c
     join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     left join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
     where c.relkind in ('r', 'p', 'v', 'm') and n.nspname = any($1::text[])
     order by 1, 2, a.attnum`,
    [schemas],
  );
  const found = new Map<string, { kind: CatalogEntry['metadata']['type']; comment: string | null; columns: Record<string, CatalogColumn> }>();
  for (const row of result.rows) {
    const key = `${row.schema}.${row.relation}`;
    const entry = found.get(key) ?? found.set(key, { kind: KINDS[row.relkind] ?? 'table', comment: row.relation_comment, columns: {} }).get(key)!;
    if (row.column !== null) entry.columns[row.column] = { name: row.column, type: row.type ?? '', index: row.index ?? 0, comment: row.column_comment };
  }

  const nodes: Record<string, CatalogEntry> = {};
  const sources: Record<string, CatalogEntry> = {};
  const missing: string[] = [];
  for (const node of wanted) {
    const entry = found.get(`${node.relation.schema}.${node.relation.identifier}`);
    if (!entry) {
      missing.push(node.id);
      continue;
    }
    const counted = entry.kind !== 'view';
    const rowCount = counted ? await countRows(session, node.relation) : null;
    const catalogEntry: CatalogEntry = {
      unique_id: node.id,
      metadata: { type: entry.kind, schema: node.relation.schema, name: node.relation.identifier, comment: entry.comment },
      columns: entry.columns,
      stats: {
        row_count: { id: 'row_count', label: 'Row count', value: rowCount, include: counted, description: counted ? 'Exact number of rows (count(*) when the docs were generated)' : 'Views are not counted' },
      },
    };
    if (node.resourceType === 'source') sources[node.id] = catalogEntry;
    else nodes[node.id] = catalogEntry;
  }
  return { metadata: metadata(compiled), nodes, sources, errors: missing.length > 0 ? missing.map((id) => `${id}: relation not found in the database (not built yet)`) : null };
}

async function countRows(session: Session, relation: RelationName): Promise<number> {
  const result = await session.query<{ n: string }>(`select count(*) as n from ${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.identifier)}`);
  return Number(result.rows[0]!.n);
}
