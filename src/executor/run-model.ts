import type { Adapter } from '../adapters/adapter.js';
import { getRelation } from '../adapters/relations.js';
import type { CompiledModel } from '../compiler/compiled-project.js';
import { DatabaseError } from '../errors/trevco-error.js';
import type { ModelPlan, PlannedStatement } from '../materializations/model-plan.js';
import { planModel, type PlanOptions } from '../materializations/plan-model.js';
import { errorResult, timedResult, type NodeResult } from './node-result.js';

export interface RunModelOptions extends PlanOptions {
  /** Where the compiled SQL was written (project-relative), so database errors point at it. */
  readonly compiledPath: string;
  /** Plans an incremental model; the default planner handles every other materialization. */
  readonly planIncremental?: (model: CompiledModel, adapter: Adapter, options: PlanOptions) => Promise<ModelPlan>;
  /** Builds a microbatch model batch by batch, each in its own transaction (materializations/incremental). */
  readonly runMicrobatch?: (model: CompiledModel, adapter: Adapter, options: RunModelOptions) => Promise<NodeResult>;
}

/** Builds one model: looks up what exists, plans, and runs the plan in one transaction. */
export async function runModel(adapter: Adapter, model: CompiledModel, options: RunModelOptions): Promise<NodeResult> {
  if (model.renderError) return errorResult(model.id, new Date(), model.renderError);
  if (model.materialized === 'incremental' && model.config.incremental_strategy === 'microbatch' && options.runMicrobatch) {
    return options.runMicrobatch(model, adapter, options);
  }
  const startedAt = new Date();
  let plan: ModelPlan | undefined;
  let rows: number | undefined;
  let lastTag = '';
  try {
    if (model.materialized === 'incremental') {
      if (!options.planIncremental) throw new Error('incremental models need an incremental planner');
      plan = await options.planIncremental(model, adapter, options);
    } else {
      const existing = model.relation ? await getRelation(adapter, model.relation.schema, model.relation.identifier) : undefined;
      plan = planModel(model, existing, options);
    }
    const { statements, continueWith } = plan;
    if (statements.length > 0) {
      await adapter.transaction(async (session) => {
        const runAll = async (list: readonly PlannedStatement[]): Promise<void> => {
          for (const statement of list) {
            const result = await session.query(statement.sql).catch((error: unknown) => {
              throw mapToCompiledSql(error, statement, model, options.compiledPath);
            });
            if (statement.reportsRows) {
              rows = result.rowCount;
              lastTag = statement.rowsLabel ?? result.command;
            }
          }
        };
        await runAll(statements);
        if (continueWith) await runAll(await continueWith(session));
      });
    }
    // dbt's adapter responses: `SELECT 3` for tables, `CREATE VIEW`, `REFRESH MATERIALIZED VIEW`.
    const tag = rows === undefined
      ? `${plan.action === 'refreshed' ? 'REFRESH' : 'CREATE'} ${plan.description.toUpperCase()}`
      : `${lastTag || 'SELECT'} ${rows}`;
    return timedResult(model.id, startedAt, {
      status: 'success',
      message: tag,
      rowsAffected: rows,
      details: { description: plan.description, action: plan.action },
    });
  } catch (error) {
    return errorResult(model.id, startedAt, error, plan ? { description: plan.description } : undefined);
  }
}

/** A database error inside embedded model SQL is reported at the compiled file's line, with an excerpt. */
export function mapToCompiledSql(error: unknown, statement: PlannedStatement, model: Pick<CompiledModel, 'id' | 'path' | 'compiledSql'>, compiledPath: string): unknown {
  if (!(error instanceof DatabaseError)) return error;
  const offset = statement.compiledSqlLineOffset;
  const inModelSql = offset !== undefined && error.line !== undefined && error.line > offset && error.line <= offset + lineCount(model.compiledSql);
  return new DatabaseError(error.message, {
    sql: error.sql,
    sqlState: error.sqlState,
    file: compiledPath,
    line: inModelSql ? error.line! - offset! : undefined,
    column: inModelSql ? error.column : undefined,
    source: inModelSql ? model.compiledSql : undefined,
    nodeId: model.id,
    hint: error.hint ?? `the compiled SQL is in ${compiledPath}; the model's source is ${model.path}`,
    cause: error,
  });
}

function lineCount(text: string): number {
  return text.split('\n').length;
}
