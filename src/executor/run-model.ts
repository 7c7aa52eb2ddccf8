import type { Adapter } from '../adapters/adapter.js';
import type { CompiledModel, CompiledSqlNode } from '../compiler/compiled-project.js';
import { DatabaseError, type TrevcoError } from '../errors/trevco-error.js';
import { materializationForNode } from '../materializations/index.js';
import type { PlanContext } from '../materializations/materialization.js';
import type { Plan, PlannedStatement } from '../materializations/plan.js';
import { executePlan, type PlanOutcome } from './execute-plan.js';
import { errorResult, timedResult, type NodeResult } from './node-result.js';

export interface RunModelOptions {
  /** Where the compiled SQL was written (project-relative), so database errors point at it. */
  readonly compiledPath: string;
  readonly context: PlanContext;
  /** Batches done of all, for a microbatch model's progress line. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Builds one model or snapshot: its materialization inspects what exists and plans; the plan is executed here. */
export async function runModel(adapter: Adapter, model: CompiledSqlNode, options: RunModelOptions): Promise<NodeResult> {
  if ('renderError' in model && model.renderError) return errorResult(model.id, new Date(), model.renderError);
  const startedAt = new Date();
  let plan: Plan | undefined;
  try {
    const materialization = materializationForNode(model);
    const mapError = (error: unknown, statement: PlannedStatement): unknown => mapToCompiledSql(error, statement, model, options.compiledPath);
    const state = await materialization.inspect(model, adapter, options.context, mapError);
    plan = materialization.plan(model, state, options.context);
    const outcome = await executePlan(adapter, plan, mapError, options.onProgress);
    return plan.unit === 'batches' ? batchesResult(model, plan, outcome, startedAt) : planResult(model, plan, outcome, startedAt);
  } catch (error) {
    return errorResult(model.id, startedAt, error, plan ? { description: plan.description } : undefined);
  }
}

function planResult(model: CompiledSqlNode, plan: Plan, outcome: PlanOutcome, startedAt: Date): NodeResult {
  if (plan.counts) return countsResult(model, plan, plan.counts, outcome, startedAt);
  // dbt's adapter responses: `SELECT 3` for tables, `CREATE VIEW`, `REFRESH MATERIALIZED VIEW`.
  const message = outcome.rows === undefined
    ? `${plan.action === 'refreshed' ? 'REFRESH' : 'CREATE'} ${plan.description.toUpperCase()}`
    : `${outcome.tag || 'SELECT'} ${outcome.rows}`;
  return timedResult(model.id, startedAt, {
    status: 'success',
    message,
    rowsAffected: outcome.rows,
    details: { description: plan.description, action: plan.action, ...plan.details },
  });
}

/** A plan that names its counts (a snapshot): `INSERT 3, CLOSED 3`, the sum as rows affected, each count in details. */
function countsResult(model: CompiledSqlNode, plan: Plan, verbs: Readonly<Record<string, string>>, outcome: PlanOutcome, startedAt: Date): NodeResult {
  const counts = Object.fromEntries(Object.keys(verbs).map((name) => [name, outcome.counts[name] ?? 0]));
  return timedResult(model.id, startedAt, {
    status: 'success',
    message: Object.entries(verbs).map(([name, verb]) => `${verb} ${counts[name]}`).join(', '),
    rowsAffected: Object.values(counts).reduce((sum, count) => sum + count, 0),
    details: { description: plan.description, action: plan.action, ...counts, ...plan.details },
  });
}

/** A microbatch run: `INSERT 12 in 3 batches`; a failed batch does not stop the others, and the model then errs naming them. */
function batchesResult(model: CompiledSqlNode, plan: Plan, outcome: PlanOutcome, startedAt: Date): NodeResult {
  const built = outcome.built.length;
  const total = built + outcome.failed.length;
  const rows = outcome.rows ?? 0;
  const details = { description: plan.description, action: plan.action, batchesBuilt: built, batchesFailed: outcome.failed.map(({ step }) => step.key), ...plan.details };
  if (outcome.failed.length === 0) {
    return timedResult(model.id, startedAt, { status: 'success', message: `INSERT ${rows} in ${built} batch${built === 1 ? '' : 'es'}`, rowsAffected: rows, details });
  }
  const names = outcome.failed.map(({ step }) => step.label).join(', ');
  const first = outcome.failed[0]!.error;
  const message = `${outcome.failed.length} of ${total} batches failed (${names}); ${built} built. First failure: ${first.message}`;
  const error = Object.assign(Object.create(Object.getPrototypeOf(first) as object) as TrevcoError, first, { message, stack: first.stack });
  return timedResult(model.id, startedAt, { status: 'error', message, error, rowsAffected: rows, details });
}

/**
 * A database error inside embedded model SQL is reported at the line of the compiled file it came from (the
 * is_incremental() variant is `<name>.incremental.sql`), with an excerpt; an error in a hook names the hook.
 */
export function mapToCompiledSql(error: unknown, statement: PlannedStatement, model: Pick<CompiledModel, 'id' | 'path' | 'compiledSql' | 'incrementalSql'>, compiledPath: string): unknown {
  if (!(error instanceof DatabaseError)) return error;
  if (statement.hook) {
    return new DatabaseError(`${statement.hook}: ${error.message}`, {
      sql: error.sql,
      sqlState: error.sqlState,
      file: model.path,
      line: error.line,
      column: error.column,
      source: statement.sql,
      nodeId: model.id,
      hint: error.hint ?? `the hook is set in the config of ${model.path} (or its folder in project.yml)`,
      cause: error,
    });
  }
  const incremental = statement.embeds === 'incremental';
  const text = incremental ? model.incrementalSql ?? '' : model.compiledSql;
  const file = incremental ? compiledPath.replace(/\.sql$/, '.incremental.sql') : compiledPath;
  const offset = statement.lineOffset;
  const inModelSql = statement.embeds !== undefined && offset !== undefined && error.line !== undefined && error.line > offset && error.line <= offset + lineCount(text);
  return new DatabaseError(error.message, {
    sql: error.sql,
    sqlState: error.sqlState,
    file,
    line: inModelSql ? error.line! - offset! : undefined,
    column: inModelSql ? error.column : undefined,
    source: inModelSql ? text : undefined,
    nodeId: model.id,
    hint: error.hint ?? `the compiled SQL is in ${file}; the model's source is ${model.path}`,
    cause: error,
  });
}

function lineCount(text: string): number {
  return text.split('\n').length;
}
