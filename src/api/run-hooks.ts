import type { Adapter } from '../adapters/adapter.js';

/** on-run-start / on-run-end: plain SQL scripts, run in order. */
export async function runHooks(adapter: Adapter, hooks: readonly string[]): Promise<void> {
  for (const hook of hooks) await adapter.execute(hook);
}
