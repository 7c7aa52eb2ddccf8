import type { Row } from '../adapters/adapter.js';
import type { CompiledNode, CompiledProject } from '../compiler/compiled-project.js';
import type { ColumnProperties } from '../config/project-config.js';
import type { Catalog, CatalogEntry } from './catalog.js';

/** The last run's outcome for a node, from target/run_results.json. */
export interface LastResult {
  readonly status: string;
  readonly message: string;
  readonly completedAt?: string;
}

export interface DocsColumn {
  readonly name: string;
  /** From the database (catalog), else the declared data_type. */
  readonly type?: string;
  readonly description: string;
  /** Names of the generic tests on this column (`unique`, `not_null`…). */
  readonly tests: readonly string[];
}

/** One node as the docs site shows it. */
export interface DocsNode {
  readonly id: string;
  readonly resourceType: string;
  readonly name: string;
  readonly path: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly config: Readonly<Record<string, unknown>>;
  /** Graph edges: the nodes this one reads. Tests list the node(s) they test. */
  readonly dependsOn: readonly string[];
  readonly relation?: string;
  readonly materialized?: string;
  readonly rawSql?: string;
  readonly compiledSql?: string;
  readonly columns: readonly DocsColumn[];
  /** Ids of the tests on this node; for a test, the node it is attached to. */
  readonly tests: readonly string[];
  readonly attachedTo?: string;
  readonly lastResult?: LastResult;
  /** From the catalog: whether the relation exists, what it is, how many rows (null for views). */
  readonly database?: { readonly kind: string; readonly rowCount: number | null };
  readonly sample?: { readonly columns: readonly string[]; readonly rows: readonly Row[] };
}

export interface DocsData {
  readonly project: string;
  readonly target: string;
  readonly generatedAt: string;
  readonly nodes: readonly DocsNode[];
}

/**
 * Everything the site shows, from the compiled project (descriptions, SQL, config, tests), the catalog (types,
 * row counts) and the last run's results. Pure: the caller reads the database and the files.
 */
export function buildDocsData(
  compiled: CompiledProject,
  catalog: Catalog,
  lastResults: ReadonlyMap<string, LastResult>,
  samples: ReadonlyMap<string, { columns: readonly string[]; rows: readonly Row[] }> = new Map(),
): DocsData {
  const testsOf = new Map<string, string[]>();
  const columnTests = new Map<string, string[]>();
  for (const test of compiled.tests.values()) {
    const owner = test.attachedNodeId ?? test.dependsOn[0];
    if (owner) (testsOf.get(owner) ?? testsOf.set(owner, []).get(owner)!).push(test.id);
    if (owner && test.column !== undefined) {
      const key = `${owner}\u0000${test.column}`;
      (columnTests.get(key) ?? columnTests.set(key, []).get(key)!).push(test.testName);
    }
  }
  const nodes: DocsNode[] = [];
  for (const node of compiled.nodes.values()) {
    const entry = catalog.nodes[node.id] ?? catalog.sources[node.id];
    const relation = (node as { relation?: { schema: string; identifier: string } }).relation;
    const sql = node as { rawSql?: string; compiledSql?: string; materialized?: string };
    nodes.push({
      id: node.id,
      resourceType: node.resourceType,
      name: node.resourceType === 'source' ? `${node.sourceName}.${node.name}` : node.name,
      path: node.path,
      description: node.description ?? '',
      tags: node.tags,
      config: node.config,
      dependsOn: node.dependsOn,
      relation: relation ? `${relation.schema}.${relation.identifier}` : undefined,
      materialized: sql.materialized,
      rawSql: sql.rawSql,
      compiledSql: sql.compiledSql,
      columns: mergeColumns(declaredColumns(node), entry, (column) => columnTests.get(`${node.id}\u0000${column}`) ?? []),
      tests: testsOf.get(node.id) ?? [],
      lastResult: lastResults.get(node.id),
      database: entry ? { kind: entry.metadata.type, rowCount: entry.stats.row_count?.value ?? null } : undefined,
      sample: samples.get(node.id),
    });
  }
  for (const test of compiled.tests.values()) {
    nodes.push({
      id: test.id,
      resourceType: 'test',
      name: test.name,
      path: test.path,
      description: test.testType === 'generic' ? `${test.testName}${test.column ? ` on column ${test.column}` : ''}` : 'singular test',
      tags: test.tags,
      config: test.config as Readonly<Record<string, unknown>>,
      dependsOn: test.dependsOn,
      rawSql: test.rawSql,
      compiledSql: test.compiledSql,
      columns: [],
      tests: [],
      attachedTo: test.attachedNodeId ?? test.dependsOn[0],
      lastResult: lastResults.get(test.id),
    });
  }
  return { project: compiled.project.config.name, target: compiled.target.name, generatedAt: new Date().toISOString(), nodes };
}

function declaredColumns(node: CompiledNode): readonly ColumnProperties[] {
  if (node.resourceType === 'source') return node.table.columns ?? [];
  return (node as { properties?: { columns: readonly ColumnProperties[] } }).properties?.columns ?? [];
}

/** The database's columns in their order with their types, documentation joined by name; documented columns the database lacks come last. */
function mergeColumns(declared: readonly ColumnProperties[], entry: CatalogEntry | undefined, testsFor: (column: string) => string[]): DocsColumn[] {
  const docs = new Map(declared.map((column) => [column.name, column]));
  const columns: DocsColumn[] = [];
  const seen = new Set<string>();
  for (const column of Object.values(entry?.columns ?? {}).sort((a, b) => a.index - b.index)) {
    const documented = docs.get(column.name);
    columns.push({ name: column.name, type: column.type, description: documented?.description ?? column.comment ?? '', tests: testsFor(column.name) });
    seen.add(column.name);
  }
  for (const column of declared) {
    if (!seen.has(column.name)) columns.push({ name: column.name, type: column.dataType, description: column.description ?? '', tests: testsFor(column.name) });
  }
  return columns;
}
