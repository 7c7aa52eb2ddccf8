import type { Session } from '../adapters/adapter.js';

/** One statement of a plan. */
export interface PlannedStatement {
  readonly sql: string;
  /**
   * When the statement embeds the model's compiled SQL: the number of lines before it, so that a database
   * error's line maps back to the compiled file.
   */
  readonly compiledSqlLineOffset?: number;
  /** This statement's row count is the one reported for the node (e.g. CREATE TABLE AS, INSERT, MERGE). */
  readonly reportsRows?: boolean;
  /** The verb shown with the row count when it differs from the statement's (a table build says SELECT, as dbt does). */
  readonly rowsLabel?: string;
}

/** What building one model takes: statements run in order inside one transaction. */
export interface ModelPlan {
  readonly statements: readonly PlannedStatement[];
  /** A word for the report line: `table`, `view`, `materialized view`, `incremental`… */
  readonly description: string;
  /** `created`, `refreshed`, `merged`…; absent when there is nothing to do (ephemeral). */
  readonly action?: string;
  /**
   * A second step planned inside the same transaction, after `statements` ran: it may inspect what they made
   * (e.g. an incremental model's staged temp table, for on_schema_change) and returns the statements to run next.
   */
  readonly continueWith?: (session: Session) => Promise<readonly PlannedStatement[]>;
}

/** Wraps compiled SQL so its first line stands at a known offset of the statement. */
export function embed(prefix: string, compiledSql: string, suffix = ''): PlannedStatement {
  return {
    sql: `${prefix}\n${compiledSql}\n${suffix}`,
    compiledSqlLineOffset: prefix.split('\n').length,
  };
}
