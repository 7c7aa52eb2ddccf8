import type { Adapter } from '../adapters/adapter.js';
import type { CompiledHook } from '../compiler/compiled-hook.js';
import { DatabaseError } from '../errors/trevco-error.js';

/** on-run-start / on-run-end, rendered at compile: run in order; a failure names the hook and project.yml. */
export async function runHooks(adapter: Adapter, hooks: readonly CompiledHook[]): Promise<void> {
  for (const hook of hooks) {
    try {
      await adapter.execute(hook.sql);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      throw new DatabaseError(`${hook.label}: ${error.message}`, {
        sql: error.sql,
        sqlState: error.sqlState,
        file: 'project.yml',
        hint: error.hint ?? `the hook is ${hook.label} in project.yml; it ran as: ${hook.sql}`,
        cause: error,
      });
    }
  }
}
