import type { Adapter, Session } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledModel } from '../../compiler/compiled-project.js';
import { ConfigError } from '../../errors/trevco-error.js';
import { quoteIdentifier, quoteLiteral, quoteRelation, suffixedIdentifier } from '../../sql/quote.js';
import { INCREMENTAL_STRATEGIES, type IncrementalStrategy } from '../../config/node-config-schema.js';
import { columnCheck, contractOf } from '../contract.js';
import type { PlanContext, RelationState } from '../materialization.js';
import { embed, singleStep, withHooks, type Plan, type PlannedStatement } from '../plan.js';
import { rebuild } from '../rebuild-relation.js';
import { docsStatements, grantStatements, syncIndexStatements } from '../relation-config.js';
import { columnsAfter, columnsOf, diffColumns, onSchemaChangeOf, schemaChangeStatements, SchemaChangeError } from './schema-change.js';

/**
 * Plans an incremental model (pure: `state` holds what exists). The first build, a `--full-refresh` (unless the
 * model says `full_refresh: false`), or a relation that is not a table builds the whole table atomically, like a
 * table model. Otherwise the `is_incremental()` SQL is staged in a temporary table; the step's `then` (inside the
 * same transaction) compares its columns with the table's for `on_schema_change`, then applies the strategy.
 */
export function planIncremental(model: CompiledModel, state: RelationState, context: PlanContext): Plan {
  const { schema, identifier } = model.relation!;
  const existing = state.existing;
  const uniqueKey = uniqueKeyOf(model);
  const strategy = strategyOf(model, uniqueKey);
  const onSchemaChange = onSchemaChangeOf(model);
  const fullRefresh = context.fullRefresh && model.config.full_refresh !== false;
  if (!existing || fullRefresh || existing.kind !== 'table') {
    const plan = rebuild(model, existing, 'table');
    return withHooks({ ...plan, description: 'incremental' }, model.hooks);
  }
  const target = quoteRelation(schema, identifier);
  const staged = quoteIdentifier(suffixedIdentifier(identifier, '__trevco_incr'));
  const existingColumns = state.columns ?? [];
  const then = async (session: Session): Promise<PlannedStatement[]> => {
    const incoming = await columnsOf(session, staged);
    const diff = diffColumns(existingColumns, incoming);
    const contract = contractOf(model);
    // The new rows must keep the contract (the table's own constraints check their values on insert).
    const statements: PlannedStatement[] = contract ? [{ sql: columnCheck(contract, `pg_temp.${staged}`) }] : [];
    statements.push(...schemaChangeStatements(model, target, diff, onSchemaChange).map((sql) => ({ sql })));
    const stagedNames = new Set(incoming.map((column) => column.name));
    const columns = columnsAfter(existingColumns, diff, onSchemaChange).map((column) => column.name).filter((name) => stagedNames.has(name));
    const missingKeys = uniqueKey.filter((key) => !stagedNames.has(key));
    if (missingKeys.length > 0) {
      throw new SchemaChangeError(`model '${model.name}': the unique_key column${missingKeys.length > 1 ? 's' : ''} ${missingKeys.join(', ')} ${missingKeys.length > 1 ? 'are' : 'is'} not among the columns its SQL returns`, {
        file: model.path,
        nodeId: model.id,
      });
    }
    statements.push(...applyStatements(model, strategy, target, staged, columns, uniqueKey));
    statements.push(...syncIndexStatements(model.config, schema, identifier));
    statements.push(...docsStatements(model.config, 'table', target, model.description, model.properties?.columns ?? []));
    statements.push(...grantStatements(model.config, target, true));
    return statements;
  };
  return withHooks(singleStep(
    [embed(`create temporary table ${staged} on commit drop as (`, model.incrementalSql!, ')', 'incremental')],
    { description: 'incremental', action: strategy === 'append' ? 'appended' : 'merged' },
    then,
  ), model.incrementalHooks);
}

/** What an incremental merge depends on: the table, and its columns when it exists. */
export async function inspectIncremental(model: CompiledModel, adapter: Adapter): Promise<RelationState> {
  const { schema, identifier } = model.relation!;
  const existing = await getRelation(adapter, schema, identifier);
  return existing?.kind === 'table' ? { existing, columns: await getColumns(adapter, schema, identifier) } : { existing };
}

/** The statements that move the staged rows into the table. */
function applyStatements(model: CompiledModel, strategy: IncrementalStrategy, target: string, staged: string, columns: readonly string[], uniqueKey: readonly string[]): PlannedStatement[] {
  const columnList = columns.map(quoteIdentifier).join(', ');
  const insert = { sql: `insert into ${target} (${columnList}) select ${columnList} from ${staged}`, reportsRows: true };
  if (strategy === 'append') return [insert];
  const keyList = uniqueKey.map(quoteIdentifier).join(', ');
  const statements: PlannedStatement[] = [];
  if (strategy === 'delete+insert') {
    // An index on the key lets the delete probe the staged rows instead of scanning them per target row.
    statements.push({ sql: `create index on ${staged} (${keyList})` });
  }
  statements.push({ sql: `analyze ${staged}` });
  statements.push({ sql: duplicateKeyCheck(model, staged, uniqueKey) });
  // IS NOT DISTINCT FROM would match null keys too, but defeats index and hash joins; null keys never match (as in dbt).
  const matches = uniqueKey.map((key) => `${target}.${quoteIdentifier(key)} = ${staged}.${quoteIdentifier(key)}`).join(' and ');
  if (strategy === 'delete+insert') {
    statements.push({ sql: `delete from ${target} using ${staged} where ${matches}` });
    statements.push(insert);
    return statements;
  }
  const updates = columns.filter((column) => !uniqueKey.includes(column)).map((column) => `${quoteIdentifier(column)} = ${staged}.${quoteIdentifier(column)}`);
  statements.push({
    sql: [
      `merge into ${target} using ${staged} on ${matches}`,
      updates.length > 0 ? `when matched then update set ${updates.join(', ')}` : '',
      `when not matched then insert (${columnList}) values (${columns.map((column) => `${staged}.${quoteIdentifier(column)}`).join(', ')})`,
    ].filter(Boolean).join('\n'),
    reportsRows: true,
  });
  return statements;
}

/** `unique_key='id'` or `unique_key=['order_id', 'line']`; config() in a model is not validated upstream, so here. */
export function uniqueKeyOf(model: CompiledModel): string[] {
  const key = model.config.unique_key;
  if (key === undefined || key === null) return [];
  const keys = Array.isArray(key) ? key : [key];
  if (keys.length === 0 || keys.some((part) => typeof part !== 'string' || part === '')) {
    throw new ConfigError(`model '${model.name}' has unique_key=${JSON.stringify(key)}; expected a column name or a list of column names`, { file: model.path, nodeId: model.id });
  }
  return keys as string[];
}

export function strategyOf(model: CompiledModel, uniqueKey: readonly string[]): IncrementalStrategy {
  const configured = model.config.incremental_strategy;
  const strategy = configured === undefined ? (uniqueKey.length > 0 ? 'merge' : 'append') : String(configured);
  if (!(INCREMENTAL_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError(`model '${model.name}' has incremental_strategy='${strategy}', which is not one of ${INCREMENTAL_STRATEGIES.join(', ')}`, { file: model.path, nodeId: model.id });
  }
  if ((strategy === 'merge' || strategy === 'delete+insert') && uniqueKey.length === 0) {
    throw new ConfigError(`model '${model.name}' uses incremental_strategy='${strategy}', which needs a unique_key`, {
      file: model.path,
      nodeId: model.id,
      hint: "add unique_key='id' (or a list of columns) to its config, or use incremental_strategy='append'",
    });
  }
  return strategy as IncrementalStrategy;
}

/** Two new rows with one key would update one target row twice (MERGE fails obscurely) or double it: say so plainly. */
function duplicateKeyCheck(model: CompiledModel, source: string, uniqueKey: readonly string[]): string {
  const keys = uniqueKey.map(quoteIdentifier).join(', ');
  const sample = uniqueKey.map((key) => `coalesce(${quoteIdentifier(key)}::text, 'null')`).join(` || ', ' || `);
  const message = `model '${model.name}': the new rows hold the unique_key (${uniqueKey.join(', ')}) value (%) % times; each key may appear once`;
  return `do $trevco$
declare
  duplicate record;
begin
  select ${sample} as key_text, count(*) as copies into duplicate from ${source} group by ${keys} having count(*) > 1 limit 1;
  if found then
    raise exception ${quoteLiteral(message)}, duplicate.key_text, duplicate.copies
      using hint = 'deduplicate the model''s incremental SQL (e.g. keep the latest row per key with row_number())';
  end if;
end $trevco$`;
}
