import type { Session } from '../adapters/adapter.js';
import type { CompiledHooks } from '../compiler/compiled-hook.js';

/** Which of a model's texts a statement embeds, so a database error maps back to that text's file and line. */
export type EmbeddedText = 'model' | 'incremental';

/** Stands, in a statement's params, for the row count of the step's statement that `reportsRows` (a batch's INSERT). */
export const STEP_ROWS = Symbol('the rows of this step');

/** One statement of a plan. */
export interface PlannedStatement {
  readonly sql: string;
  /** Values for $1, $2…; `STEP_ROWS` is replaced by the step's reported row count when the statement runs. */
  readonly params?: readonly unknown[];
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

/** One unit of a plan: its statements, run in one transaction or alone, and what a failure does. */
export interface PlanStep {
  /** Names the step in results (a microbatch's batch: `2025-01-31`). */
  readonly label?: string;
  /** Identifies the step in result details (a batch's start, `2025-01-31 00:00:00`). */
  readonly key?: string;
  /** Run the statements in one transaction (rolled back on error), or one by one on a session (hooks outside it). */
  readonly transaction: boolean;
  readonly statements: readonly PlannedStatement[];
  /**
   * The one part of a plan that is not data: after `statements` ran, inside the same transaction, it inspects what
   * they made (an incremental model's staged rows, for on_schema_change) and returns the statements to run next.
   */
  readonly then?: (session: Session) => Promise<readonly PlannedStatement[]>;
  /** Statements of the same transaction after `then`'s (post-hooks). */
  readonly finally?: readonly PlannedStatement[];
  /** `stop` (default): the node fails here. `continue`: the failure is recorded and the next step runs (batches). */
  readonly onError?: 'stop' | 'continue';
  /** Run alone after this step failed (e.g. forget a batch's state). */
  readonly onFailure?: readonly PlannedStatement[];
  /** Not run once a `continue` step failed (post-hooks after batches). */
  readonly skipAfterFailure?: boolean;
}

/**
 * What building one node takes, as data: steps run in order by the executor (the only code that runs SQL).
 * A materialization's `plan()` returns it; golden tests assert it exactly.
 */
export interface Plan {
  readonly steps: readonly PlanStep[];
  /** A word for the report line: `table`, `view`, `materialized view`, `incremental`… */
  readonly description: string;
  /** `created`, `refreshed`, `merged`…; absent when there is nothing to do (ephemeral). */
  readonly action?: string;
  /** Steps are batches: the result counts them (`INSERT 12 in 3 batches`) and names the failed ones. */
  readonly unit?: 'batches';
  /** Extra result details (a full microbatch build: how many batches it covered). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A plan of one transaction: the common case. */
export function singleStep(statements: readonly PlannedStatement[], rest: Omit<Plan, 'steps'>, then?: PlanStep['then']): Plan {
  return { ...rest, steps: statements.length === 0 ? [] : [{ transaction: true, statements, ...(then && { then }) }] };
}

/** Wraps compiled SQL so its first line stands at a known offset of the statement. */
export function embed(prefix: string, compiledSql: string, suffix = '', embeds: EmbeddedText = 'model'): PlannedStatement {
  return {
    sql: `${prefix}\n${compiledSql}\n${suffix}`,
    embeds,
    lineOffset: prefix.split('\n').length,
  };
}

function hookStatement(hook: CompiledHooks['pre'][number]): PlannedStatement {
  return { sql: hook.sql, hook: hook.label };
}

/**
 * Adds a node's hooks to a one-transaction plan, as dbt runs them: pre-hooks first and post-hooks last inside the
 * transaction; `before_begin` / `after_commit` hooks (transaction: false) in steps of their own before and after.
 */
export function withHooks(plan: Plan, hooks: CompiledHooks | undefined): Plan {
  if (!hooks || (hooks.pre.length === 0 && hooks.post.length === 0) || plan.steps.length === 0) return plan;
  const [main, ...others] = plan.steps;
  const before = hooks.pre.filter((hook) => !hook.transaction).map(hookStatement);
  const after = hooks.post.filter((hook) => !hook.transaction).map(hookStatement);
  return {
    ...plan,
    steps: [
      ...(before.length > 0 ? [{ transaction: false, statements: before }] : []),
      {
        ...main!,
        statements: [...hooks.pre.filter((hook) => hook.transaction).map(hookStatement), ...main!.statements],
        finally: [...(main!.finally ?? []), ...hooks.post.filter((hook) => hook.transaction).map(hookStatement)],
      },
      ...others,
      ...(after.length > 0 ? [{ transaction: false, statements: after }] : []),
    ],
  };
}

/** Hooks around a plan of many steps (microbatch): pre-hooks in a step before them, post-hooks in one after, skipped after a failure. */
export function aroundSteps(steps: readonly PlanStep[], hooks: CompiledHooks, after: readonly PlannedStatement[] = []): PlanStep[] {
  const pre = hooks.pre.map(hookStatement);
  const post = [...after, ...hooks.post.map(hookStatement)];
  return [
    ...(pre.length > 0 ? [{ transaction: true, statements: pre }] : []),
    ...steps,
    ...(post.length > 0 ? [{ transaction: true, statements: post, skipAfterFailure: true }] : []),
  ];
}
