import type { Adapter } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledModel } from '../../compiler/compiled-project.js';
import { ConfigError } from '../../errors/trevco-error.js';
import { quoteIdentifier, quoteLiteral, quoteRelation, suffixedIdentifier } from '../../sql/quote.js';
import { embed, type ModelPlan, type PlannedStatement } from '../model-plan.js';
import { rebuild, type PlanOptions } from '../plan-model.js';

export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert'] as const;

/**
 * Plans an incremental model. The first build, a `--full-refresh`, or a relation that is not a table builds the
 * whole table (atomically, like a table model). Otherwise the `is_incremental()` SQL is staged in a temporary
 * table and applied with the model's strategy, all in one transaction.
 */
export async function planIncremental(model: CompiledModel, adapter: Adapter, options: PlanOptions): Promise<ModelPlan> {
  const { schema, identifier } = model.relation!;
  const existing = await getRelation(adapter, schema, identifier);
  if (!existing || options.fullRefresh || existing.kind !== 'table') {
    const plan = rebuild(model, existing, 'table');
    return { ...plan, description: 'incremental' };
  }
  const columns = (await getColumns(adapter, schema, identifier)).map((column) => column.name);
  const uniqueKey = uniqueKeyOf(model);
  const strategy = strategyOf(model, uniqueKey);
  const staged = suffixedIdentifier(identifier, '__trevco_incr');
  const target = quoteRelation(schema, identifier);
  const source = quoteIdentifier(staged);
  const columnList = columns.map(quoteIdentifier).join(', ');
  const statements: PlannedStatement[] = [
    embed(`create temporary table ${source} on commit drop as (`, model.incrementalSql!, ')'),
  ];
  if (strategy !== 'append') {
    statements.push({ sql: `analyze ${source}` });
    statements.push({ sql: duplicateKeyCheck(model, source, uniqueKey) });
  }
  const matches = uniqueKey.map((key) => `${target}.${quoteIdentifier(key)} = ${source}.${quoteIdentifier(key)}`).join(' and ');
  if (strategy === 'append') {
    statements.push({ sql: `insert into ${target} (${columnList}) select ${columnList} from ${source}`, reportsRows: true });
  } else if (strategy === 'delete+insert') {
    statements.push({ sql: `delete from ${target} using ${source} where ${matches}` });
    statements.push({ sql: `insert into ${target} (${columnList}) select ${columnList} from ${source}`, reportsRows: true });
  } else {
    const updates = columns.filter((column) => !uniqueKey.includes(column)).map((column) => `${quoteIdentifier(column)} = ${source}.${quoteIdentifier(column)}`);
    statements.push({
      sql: [
        `merge into ${target} using ${source} on ${matches}`,
        updates.length > 0 ? `when matched then update set ${updates.join(', ')}` : '',
        `when not matched then insert (${columnList}) values (${columns.map((column) => `${source}.${quoteIdentifier(column)}`).join(', ')})`,
      ].filter(Boolean).join('\n'),
      reportsRows: true,
    });
  }
  return { statements, description: 'incremental', action: strategy === 'append' ? 'appended' : 'merged' };
}

function uniqueKeyOf(model: CompiledModel): string[] {
  const key = model.config.unique_key;
  if (key === undefined || key === null) return [];
  return (Array.isArray(key) ? key : [key]).map(String);
}

function strategyOf(model: CompiledModel, uniqueKey: readonly string[]): (typeof INCREMENTAL_STRATEGIES)[number] {
  const configured = model.config.incremental_strategy;
  const strategy = configured === undefined ? (uniqueKey.length > 0 ? 'merge' : 'append') : String(configured);
  if (!(INCREMENTAL_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError(`model '${model.name}' has incremental_strategy='${strategy}', which is not one of ${INCREMENTAL_STRATEGIES.join(', ')}`, { file: model.path, nodeId: model.id });
  }
  if (strategy !== 'append' && uniqueKey.length === 0) {
    throw new ConfigError(`model '${model.name}' uses incremental_strategy='${strategy}', which needs a unique_key`, {
      file: model.path,
      nodeId: model.id,
      hint: "add unique_key='id' (or a list of columns) to its config, or use incremental_strategy='append'",
    });
  }
  return strategy as (typeof INCREMENTAL_STRATEGIES)[number];
}

/** Two new rows with one key would update one target row twice (MERGE fails obscurely) or double it: say so plainly. */
function duplicateKeyCheck(model: CompiledModel, source: string, uniqueKey: readonly string[]): string {
  const keys = uniqueKey.map(quoteIdentifier).join(', ');
  const sample = uniqueKey.map((key) => `coalesce(${quoteIdentifier(key)}::text, 'null')`).join(` || ', ' || `);
  const message = `model '${model.name}': the new rows hold the unique_key (${uniqueKey.join(', ')}) value (%) %s times; each key may appear once`;
  return `do $trevco$
declare
  duplicate record;
begin
  select ${sample} as key_text, count(*) as copies into duplicate from ${source} group by ${keys} having count(*) > 1 limit 1;
  if found then
    raise exception ${quoteLiteral(message.replace('%s', '%'))}, duplicate.key_text, duplicate.copies
      using hint = 'deduplicate the model''s incremental SQL (e.g. keep the latest row per key with row_number())';
  end if;
end $trevco$`;
}
