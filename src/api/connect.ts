import type { Adapter } from '../adapters/adapter.js';
import { openAdapter } from '../adapters/open-adapter.js';
import type { Target } from '../config/project-config.js';
import type { CommandOptions } from './command-options.js';

/** The caller's adapter when it passed one (left open), else a new connection to the target (closed on release). */
export async function connect(target: Target, options: CommandOptions): Promise<{ adapter: Adapter; release: () => Promise<void> }> {
  if (options.adapter) return { adapter: options.adapter, release: async () => undefined };
  const adapter = await openAdapter(target);
  return { adapter, release: () => adapter.close() };
}
