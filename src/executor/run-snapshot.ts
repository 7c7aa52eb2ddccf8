import type { Adapter } from '../adapters/adapter.js';
import type { CompiledSnapshot } from '../compiler/compiled-project.js';
import { inspectSnapshot } from '../materializations/snapshot/inspect-snapshot.js';
import { planSnapshot, SnapshotPlanError, type SnapshotPlan, type SnapshotRelationState } from '../materializations/snapshot/plan-snapshot.js';
import { duplicateKeyError, SnapshotError } from '../materializations/snapshot/snapshot-error.js';
import { errorResult, timedResult, type NodeResult } from './node-result.js';
import { mapToCompiledSql } from './run-model.js';

export interface RunSnapshotOptions {
  /** Where the compiled SQL was written (project-relative), so database errors point at it. */
  readonly compiledPath: string;
}

/**
 * Runs one snapshot: inspects (does the table exist, its columns, the query's columns), plans (`planSnapshot`,
 * pure) and runs the plan in ONE transaction, so a failure at any point (a duplicate key, a database error, a
 * killed process) leaves the snapshot table exactly as it was.
 */
export async function runSnapshot(adapter: Adapter, node: CompiledSnapshot, options: RunSnapshotOptions): Promise<NodeResult> {
  const startedAt = new Date();
  try {
    const state = await inspectSnapshot(adapter, node, (error, statement) => mapToCompiledSql(error, statement, node, options.compiledPath));
    const plan = planOrExplain(node, state);
    let inserted = 0;
    let closed = 0;
    await adapter.transaction(async (session) => {
      for (const statement of plan.statements) {
        const result = await session.query(statement.sql).catch((error: unknown) => {
          throw mapToCompiledSql(error, statement, node, options.compiledPath);
        });
        if (statement.assertNoRows && result.rows.length > 0) throw duplicateKeyError(node, statement.assertNoRows, result.rows);
        if (statement.counts === 'inserted') inserted += result.rowCount;
        if (statement.counts === 'closed') closed += result.rowCount;
      }
    });
    return timedResult(node.id, startedAt, {
      status: 'success',
      message: plan.action === 'created' ? `INSERT ${inserted}` : `INSERT ${inserted}, CLOSED ${closed}`,
      rowsAffected: inserted + closed,
      details: { description: plan.description, action: plan.action, inserted, closed },
    });
  } catch (error) {
    return errorResult(node.id, startedAt, error, { description: 'snapshot' });
  }
}

function planOrExplain(node: CompiledSnapshot, state: SnapshotRelationState): SnapshotPlan {
  try {
    return planSnapshot(node, state);
  } catch (error) {
    if (!(error instanceof SnapshotPlanError)) throw error;
    const where = error.key ? node.configLocations[error.key] : undefined;
    throw new SnapshotError(`snapshot '${node.name}': ${error.message}`, { ...(where ?? { file: node.path }), nodeId: node.id, hint: error.hint });
  }
}
