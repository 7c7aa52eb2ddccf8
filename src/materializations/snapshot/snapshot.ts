import type { CompiledSnapshot } from '../../compiler/compiled-project.js';
import type { Materialization } from '../materialization.js';
import { withHooks, type Plan, type PlannedStatement } from '../plan.js';
import { inspectSnapshot } from './inspect-snapshot.js';
import { planSnapshot, SnapshotPlanError, type SnapshotRelationState, type SnapshotStatement } from './plan-snapshot.js';
import { validateSnapshotConfig } from './snapshot-config.js';
import { duplicateKeyError, SnapshotError } from './snapshot-error.js';

/**
 * dbt's snapshot (SCD type 2) as a registry entry, for `CompiledSnapshot` nodes only: `materialized='snapshot'` on a
 * model stays an error (the name is not in MATERIALIZATIONS). One transaction: a failure anywhere leaves the table
 * as it was. The duplicate-key check is the step's `then`: it runs the check query after the query is staged and
 * returns the writing statements only when it found no row.
 */
export const snapshot: Materialization<SnapshotRelationState, CompiledSnapshot> = {
  name: 'snapshot',
  validate: (model) => validateSnapshotConfig(model.config).problems,
  inspect: (node, adapter, _context, mapError) => inspectSnapshot(adapter, node, mapError),
  plan: (node, state) => withHooks(snapshotPlan(node, state), node.hooks),
};

function snapshotPlan(node: CompiledSnapshot, state: SnapshotRelationState): Plan {
  const planned = planOrExplain(node, state);
  const check = planned.statements.findIndex((statement) => statement.assertNoRows !== undefined);
  const staging = planned.statements.slice(0, check);
  const { assertNoRows: rule, ...query } = planned.statements[check]!;
  const writes: readonly PlannedStatement[] = planned.statements.slice(check + 1).map(withoutAssertion);
  return {
    description: planned.description,
    action: planned.action,
    counts: planned.action === 'created' ? { inserted: 'INSERT' } : { inserted: 'INSERT', closed: 'CLOSED' },
    steps: [{
      transaction: true,
      statements: staging.map(withoutAssertion),
      then: async (session) => {
        const found = await session.query(query.sql);
        if (found.rows.length > 0) throw duplicateKeyError(node, rule!, found.rows);
        return writes;
      },
    }],
  };
}

function withoutAssertion({ assertNoRows: _unused, ...statement }: SnapshotStatement): PlannedStatement {
  return statement;
}

/** A column the config names is missing, or the relation is not a snapshot table: reported at the config() line. */
function planOrExplain(node: CompiledSnapshot, state: SnapshotRelationState): ReturnType<typeof planSnapshot> {
  try {
    return planSnapshot(node, state);
  } catch (error) {
    if (!(error instanceof SnapshotPlanError)) throw error;
    const where = error.key ? node.configLocations[error.key] : undefined;
    throw new SnapshotError(`snapshot '${node.name}': ${error.message}`, { ...(where ?? { file: node.path }), nodeId: node.id, hint: error.hint });
  }
}
