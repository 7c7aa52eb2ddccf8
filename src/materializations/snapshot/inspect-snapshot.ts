import type { Adapter, Session } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledSnapshot } from '../../compiler/compiled-project.js';
import { TrevcoError } from '../../errors/trevco-error.js';
import { quoteIdentifier } from '../../sql/quote.js';
import { embed, type PlannedStatement } from '../plan.js';
import type { ColumnInfo, SnapshotRelationState } from './plan-snapshot.js';

const DESCRIBE_VIEW = '__trevco_snapshot_describe';

/** Maps a database error of a statement that embeds the snapshot's query to its compiled file and line. */
export type ErrorMapper = (error: unknown, statement: PlannedStatement) => unknown;

/**
 * What `planSnapshot` needs to know: does the table exist, its columns, and the columns (with types) the query
 * returns. Reads only: the query is described through a temporary view in a transaction that is rolled back.
 */
export async function inspectSnapshot(adapter: Adapter, node: CompiledSnapshot, mapError: ErrorMapper): Promise<SnapshotRelationState> {
  const existing = await getRelation(adapter, node.relation.schema, node.relation.identifier);
  const existingColumns = existing ? await getColumns(adapter, node.relation.schema, node.relation.identifier) : [];
  return { existing, existingColumns, sourceColumns: await describeQuery(adapter, node, mapError) };
}

/** Ends the describing transaction: thrown with the columns so that it rolls back (a TrevcoError passes through adapters as is). */
class Described extends TrevcoError {
  constructor(readonly columns: ColumnInfo[]) {
    super('DESCRIBED', 'described');
  }
}

/** In a transaction, not a bare session: PGlite's sessions share its one connection, and only its transactions take turns. */
async function describeQuery(adapter: Adapter, node: CompiledSnapshot, mapError: ErrorMapper): Promise<ColumnInfo[]> {
  try {
    await adapter.transaction(async (session: Session) => {
      const statement = embed(`create temporary view ${quoteIdentifier(DESCRIBE_VIEW)} as (`, node.compiledSql, ')');
      await session.query(statement.sql).catch((error: unknown) => {
        throw mapError(error, statement);
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
