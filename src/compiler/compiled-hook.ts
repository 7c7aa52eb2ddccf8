/** A hook rendered with its node's context (or the run's, for on-run-start/end), ready to run. */
export interface CompiledHook {
  readonly sql: string;
  /** False: runs outside the node's transaction (dbt's before_begin / after_commit). */
  readonly transaction: boolean;
  /** `pre-hook 1`, `post-hook 2`, `on-run-start 1`: names it in errors. */
  readonly label: string;
}

/** A node's rendered hooks. */
export interface CompiledHooks {
  readonly pre: readonly CompiledHook[];
  readonly post: readonly CompiledHook[];
}

export const NO_HOOKS: CompiledHooks = { pre: [], post: [] };
