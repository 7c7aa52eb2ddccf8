import type { Adapter, Row, Session } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledSnapshot } from '../../compiler/compiled-project.js';
import { TrevcoError } from '../../errors/trevco-error.js';
import { errorResult, timedResult, type NodeResult } from '../../executor/node-result.js';
import { mapToCompiledSql } from '../../executor/run-model.js';
import { quoteIdentifier, quoteRelation } from '../../sql/quote.js';
import { embed } from '../model-plan.js';
import { planSnapshot, SnapshotPlanError, type ColumnInfo, type SnapshotPlan, type SnapshotRelationState } from './plan-snapshot.js';
import { SnapshotError } from './snapshot-error.js';

export interface RunSnapshotOptions {
  /** Where the compiled SQL was written (project-relative), so database errors point at it. */
  readonly compiledPath: string;
}

const DESCRIBE_VIEW = '__trevco_snapshot_describe';

/**
 * Runs one snapshot: reads the relation state (does the table exist, its columns, the query's columns), plans
 * (`planSnapshot`, pure) and runs the plan in ONE transaction, so a failure at any point (a duplicate key, a
 * database error, a killed process) leaves the snapshot table exactly as it was. Concurrent runs of the same
 * snapshot queue on a table lock instead of both inserting the same versions.
 */
export async function runSnapshot(adapter: Adapter, node: CompiledSnapshot, options: RunSnapshotOptions): Promise<NodeResult> {
  const startedAt = new Date();
  try {
    const state = await readState(adapter, node, options.compiledPath);
    const plan = planOrExplain(node, state);
    let inserted = 0;
    let closed = 0;
    await adapter.transaction(async (session) => {
      // Taken again inside the transaction: another run may have created or changed the table since we looked.
      if (state.existing) await session.query(`lock table ${quoteRelation(node.relation.schema, node.relation.identifier)} in share row exclusive mode`);
      for (const statement of plan.statements) {
        const result = await session.query(statement.sql).catch((error: unknown) => {
          throw mapToCompiledSql(error, statement, node, options.compiledPath);
        });
        if (statement.assertNoRows && result.rows.length > 0) throw keyError(node, statement.assertNoRows, result.rows);
        if (statement.reportsRows) inserted = result.rowCount;
        if (statement.reportsClosed) closed = result.rowCount;
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

async function readState(adapter: Adapter, node: CompiledSnapshot, compiledPath: string): Promise<SnapshotRelationState> {
  const existing = await getRelation(adapter, node.relation.schema, node.relation.identifier);
  const existingColumns = existing ? await getColumns(adapter, node.relation.schema, node.relation.identifier) : [];
  return { existing, existingColumns, sourceColumns: await describeQuery(adapter, node, compiledPath) };
}

/** Ends the describing transaction: thrown with the columns so that it rolls back (a TrevcoError passes through adapters as is). */
class Described extends TrevcoError {
  constructor(readonly columns: ColumnInfo[]) {
    super('DESCRIBED', 'described');
  }
}

/**
 * The columns (and types) the snapshot's query returns, from a temporary view in a transaction that is rolled back.
 * A transaction, not a bare session: PGlite's sessions share its one connection, and only its transactions take turns.
 */
async function describeQuery(adapter: Adapter, node: CompiledSnapshot, compiledPath: string): Promise<ColumnInfo[]> {
  try {
    await adapter.transaction(async (session: Session) => {
      const statement = embed(`create temporary view ${quoteIdentifier(DESCRIBE_VIEW)} as (`, node.compiledSql, ')');
      await session.query(statement.sql).catch((error: unknown) => {
        throw mapToCompiledSql(error, statement, node, compiledPath);
      });
      const result = await session.query<{ name: string; type: string }>(
        `select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
         from pg_catalog.pg_attribute a
         where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
         order by a.attnum`,
        [`pg_temp.${quoteIdentifier(DESCRIBE_VIEW)}`],
      );
      throw new Described(result.rows);
    });
  } catch (error) {
    if (error instanceof Described) return error.columns;
    throw error;
  }
  throw new Error('unreachable: the describing transaction always throws');
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

function keyError(node: CompiledSnapshot, rule: string, rows: readonly Row[]): SnapshotError {
  const keys = node.snapshot.uniqueKey;
  const examples = rows.map((row) => `${keys.map((key) => `${key}=${row[key] === null ? 'NULL' : String(row[key])}`).join(', ')} (${String(row.copies)} row${row.copies === 1 ? '' : 's'})`);
  return new SnapshotError(`snapshot '${node.name}': ${rule}; found ${examples.join('; ')}. Nothing was changed`, {
    ...(node.configLocations.unique_key ?? { file: node.path }),
    nodeId: node.id,
    hint: 'deduplicate the query (e.g. the latest row per key), or choose a unique_key that identifies a row',
  });
}
