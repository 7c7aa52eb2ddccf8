import type { Session } from '../adapters/adapter.js';
import type { CompiledHooks } from '../compiler/compiled-hook.js';

/** Which of a model's texts a statement embeds, so a database error maps back to that text's file and line. */
export type EmbeddedText = 'model' | 'incremental';

/** One statement of a plan. */
export interface PlannedStatement {
  readonly sql: string;
  /** The statement embeds the model's compiled SQL (`model`) or its is_incremental() variant (`incremental`). */
  readonly embeds?: EmbeddedText;
  /** When it embeds a text: the number of lines before it, so a database error's line maps back to the text. */
  readonly lineOffset?: number;
  /** The statement is a hook (`pre-hook 1`, `post-hook 2`): errors name it. */
  readonly hook?: string;
  /** This statement's row count is the one reported for the node (e.g. CREATE TABLE AS, INSERT, MERGE). */
  readonly reportsRows?: boolean;
  /** The verb shown with the row count when it differs from the statement's (a table build says SELECT, as dbt does). */
  readonly rowsLabel?: string;
}

/**
 * What building one model takes, as data: `beforeBegin` statements run alone (before_begin hooks); then one
 * transaction runs `statements`, then what `continueWith` returns, then `finally` (post-hooks); after the commit,
 * `afterCommit` (after_commit hooks). Any error stops the plan; an error inside the transaction rolls it back.
 */
export interface ModelPlan {
  readonly beforeBegin?: readonly PlannedStatement[];
  readonly statements: readonly PlannedStatement[];
  /**
   * A second step planned inside the same transaction, after `statements` ran: it may inspect what they made
   * (e.g. an incremental model's staged temp table, for on_schema_change) and returns the statements to run next.
   */
  readonly continueWith?: (session: Session) => Promise<readonly PlannedStatement[]>;
  readonly finally?: readonly PlannedStatement[];
  readonly afterCommit?: readonly PlannedStatement[];
  /** A word for the report line: `table`, `view`, `materialized view`, `incremental`… */
  readonly description: string;
  /** `created`, `refreshed`, `merged`…; absent when there is nothing to do (ephemeral). */
  readonly action?: string;
}

/** Wraps compiled SQL so its first line stands at a known offset of the statement. */
export function embed(prefix: string, compiledSql: string, suffix = '', embeds: EmbeddedText = 'model'): PlannedStatement {
  return {
    sql: `${prefix}\n${compiledSql}\n${suffix}`,
    embeds,
    lineOffset: prefix.split('\n').length,
  };
}

/**
 * Adds a node's hooks to its plan, as dbt runs them: pre-hooks first and post-hooks last inside the node's
 * transaction; `before_begin` / `after_commit` hooks (transaction: false) before it begins and after it commits.
 */
export function withHooks(plan: ModelPlan, hooks: CompiledHooks | undefined): ModelPlan {
  if (!hooks || (hooks.pre.length === 0 && hooks.post.length === 0) || plan.statements.length === 0) return plan;
  const statement = (hook: CompiledHooks['pre'][number]): PlannedStatement => ({ sql: hook.sql, hook: hook.label });
  return {
    ...plan,
    beforeBegin: [...(plan.beforeBegin ?? []), ...hooks.pre.filter((hook) => !hook.transaction).map(statement)],
    statements: [...hooks.pre.filter((hook) => hook.transaction).map(statement), ...plan.statements],
    finally: [...(plan.finally ?? []), ...hooks.post.filter((hook) => hook.transaction).map(statement)],
    afterCommit: [...hooks.post.filter((hook) => !hook.transaction).map(statement), ...(plan.afterCommit ?? [])],
  };
}
