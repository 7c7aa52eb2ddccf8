import type { Adapter, Session } from '../adapters/adapter.js';
import { DatabaseError, TrevcoError } from '../errors/trevco-error.js';
import { STEP_ROWS, type Plan, type PlannedStatement, type PlanStep } from '../materializations/plan.js';

/** What running a plan did. */
export interface PlanOutcome {
  /** The reported row count: the last reporting statement's, or the sum over batches. */
  readonly rows?: number;
  /** The verb of that count (`SELECT`, `INSERT`, `MERGE`). */
  readonly tag: string;
  /** Keys of the keyed steps (batches) that succeeded, and the ones that failed with their error. */
  readonly built: readonly string[];
  readonly failed: readonly { readonly step: PlanStep; readonly error: TrevcoError }[];
}

/** Maps a statement's database error to the text it embeds (file and line). */
export type ErrorMapper = (error: unknown, statement: PlannedStatement) => unknown;

/**
 * Runs a plan's steps in order: a transactional step in one transaction (statements, what `then` returns,
 * `finally`), any other on one session. A failing step stops the plan unless it says `onError: 'continue'`;
 * then its `onFailure` statements run and the next step follows. The only place a plan's SQL runs.
 */
export async function executePlan(adapter: Adapter, plan: Plan, mapError: ErrorMapper, onProgress?: (done: number, total: number) => void): Promise<PlanOutcome> {
  let rows: number | undefined;
  let tag = '';
  const built: string[] = [];
  const failed: { step: PlanStep; error: TrevcoError }[] = [];
  const keyed = plan.steps.filter((step) => step.key !== undefined).length;
  if (plan.unit === 'batches') onProgress?.(0, keyed);
  for (const step of plan.steps) {
    if (step.skipAfterFailure && failed.length > 0) continue;
    let stepRows: number | undefined;
    const runAll = async (session: Session, statements: readonly PlannedStatement[] | undefined): Promise<void> => {
      for (const statement of statements ?? []) {
        const params = statement.params?.map((param) => (param === STEP_ROWS ? stepRows ?? null : param));
        const result = await session.query(statement.sql, params).catch((error: unknown) => {
          throw mapError(error, statement);
        });
        if (statement.reportsRows) {
          stepRows = result.rowCount;
          tag = statement.rowsLabel ?? result.command;
        }
      }
    };
    try {
      if (step.transaction) {
        await adapter.transaction(async (session) => {
          await runAll(session, step.statements);
          if (step.then) await runAll(session, await step.then(session));
          await runAll(session, step.finally);
        });
      } else {
        await adapter.withSession(async (session) => {
          await runAll(session, step.statements);
          await runAll(session, step.finally);
        });
      }
      if (stepRows !== undefined) rows = plan.unit === 'batches' ? (rows ?? 0) + stepRows : stepRows;
      if (step.key !== undefined) built.push(step.key);
    } catch (error) {
      if ((step.onError ?? 'stop') === 'stop') throw error;
      if (step.onFailure) await adapter.withSession((session) => runAll(session, step.onFailure));
      failed.push({ step, error: error instanceof TrevcoError ? error : new DatabaseError(error instanceof Error ? error.message : String(error), { cause: error }) });
    }
    if (step.key !== undefined) onProgress?.(built.length + failed.length, keyed);
  }
  if (plan.unit === 'batches') rows ??= 0;
  return { rows, tag, built, failed };
}
