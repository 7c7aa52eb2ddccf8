import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Row } from '../adapters/adapter.js';
import { getColumns, getRelation } from '../adapters/relations.js';
import type { CompiledModel, CompiledNode } from '../compiler/compiled-project.js';
import { trimStatement } from '../compiler/inject-ctes.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { Project } from '../project/project.js';
import { quoteIdentifier } from '../sql/quote.js';
import { selectForCommand } from './command-lifecycle.js';
import type { CommandOptions } from './command-options.js';
import { connect } from './connect.js';
import { prepareProject } from './prepare-project.js';

/** The name `--inline` SQL compiles under (as dbt's `inline_query`, but out of the way of a real model's name). */
export const INLINE_MODEL_NAME = 'trevco_inline_query';

export interface ShowOptions extends CommandOptions {
  /** SQL to run instead of a selected node; may use ref(), source(), var() and macros. */
  readonly inline?: string;
  /** Rows to print (default 10); -1 prints every row. */
  readonly limit?: number;
}

export interface ShowResult {
  /** The node shown, or undefined for `--inline`. */
  readonly nodeId?: string;
  /** Where the rows came from: the built relation, or the compiled SQL (inline, ephemeral, not built yet). */
  readonly from: 'relation' | 'compiled_sql';
  /** `"marts"."daily_sales_summary"` when read from a relation. */
  readonly relation?: string;
  /** The query that ran (without the limit). */
  readonly sql: string;
  readonly columns: readonly string[];
  readonly rows: readonly Row[];
  readonly limit: number;
}

/**
 * `trevco show`: the first rows of one selected node, or of an inline query. A model, seed or source that exists
 * in the database is read from its relation (what `build` made); a model that is ephemeral or not built yet runs
 * its compiled SQL, as `dbt show` does. Read-only: nothing is created.
 */
export async function show(options: ShowOptions): Promise<ShowResult> {
  const limit = options.limit ?? 10;
  if (!Number.isInteger(limit) || limit < -1) throw new ConfigError(`--limit must be a whole number (or -1 for every row), found ${limit}`);
  if (Boolean(options.inline) === Boolean(options.select?.length)) throw new ConfigError('trevco show needs either --select NODE or --inline "SQL" (one of them)');
  const compiled = prepareProject(options, options.inline === undefined ? undefined : (project) => withInlineModel(project, options.inline!));
  const node = options.inline === undefined
    ? pickOne(compiled.nodes, selectForCommand(compiled, options, { resourceTypes: ['model', 'seed', 'source'], indirectTests: false }), options.select!)
    : compiled.nodes.get(inlineId(compiled.project));
  if (!node) throw new ConfigError('trevco show: the inline query did not compile to a model');

  const { adapter, release } = await connect(compiled.target, options, { command: 'show', writes: false });
  try {
    const relation = options.inline !== undefined ? undefined : node.relation;
    const built = relation ? await getRelation(adapter, relation.schema, relation.identifier) : undefined;
    if (!built && node.resourceType !== 'model') {
      throw new ConfigError(`${node.resourceType} '${node.name}' has not been loaded yet: ${relation!.schema}.${relation!.identifier} does not exist`, {
        nodeId: node.id,
        hint: `run 'trevco seed --select ${node.name}' (or 'trevco build') first`,
      });
    }
    const sql = built ? `select * from ${quoteIdentifier(relation!.schema)}.${quoteIdentifier(relation!.identifier)}` : trimStatement((node as CompiledModel).compiledSql);
    const query = limit === -1 ? sql : `select * from (\n${sql}\n) as trevco_show limit ${limit}`;
    const result = await adapter.query(query);
    const columns = result.rows.length > 0 ? Object.keys(result.rows[0]!) : built ? (await getColumns(adapter, relation!.schema, relation!.identifier)).map((column) => column.name) : [];
    return {
      nodeId: options.inline === undefined ? node.id : undefined,
      from: built ? 'relation' : 'compiled_sql',
      relation: built ? `${quoteIdentifier(relation!.schema)}.${quoteIdentifier(relation!.identifier)}` : undefined,
      sql,
      columns,
      rows: result.rows,
      limit,
    };
  } finally {
    await release();
  }
}

function pickOne(nodes: ReadonlyMap<string, CompiledNode>, ids: readonly string[], select: readonly string[]): CompiledNode {
  const picked = ids.map((id) => nodes.get(id)).filter((node): node is CompiledNode => node !== undefined);
  if (picked.length === 1) return picked[0]!;
  if (picked.length === 0) throw new ConfigError(`--select ${select.join(' ')} matches no model, seed or source`, { hint: "check the name with 'trevco ls'" });
  const names = picked.slice(0, 5).map((node) => node.name).join(', ');
  throw new ConfigError(`--select ${select.join(' ')} matches ${picked.length} nodes (${names}${picked.length > 5 ? ', …' : ''}); trevco show prints one`, { hint: 'select a single model, seed or source by name' });
}

function inlineId(project: Project): string {
  return `model.${project.config.name}.${INLINE_MODEL_NAME}`;
}

/** The inline SQL as one more model, compiled with the project's macros, refs and sources like any other. */
function withInlineModel(project: Project, sql: string): Project {
  // Errors in the query point at `<inline>` line:column.
  const path = '<inline>';
  return {
    ...project,
    models: [...project.models, {
      id: inlineId(project),
      name: INLINE_MODEL_NAME,
      path,
      absolutePath: join(project.config.root, path),
      rawSql: sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
      config: {},
    }],
  };
}
