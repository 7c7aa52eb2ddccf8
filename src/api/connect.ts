import type { Adapter } from '../adapters/adapter.js';
import { openAdapter, type OpenAdapterOptions } from '../adapters/open-adapter.js';
import type { Target } from '../config/project-config.js';
import type { CommandOptions } from './command-options.js';

/** The caller's adapter when it passed one (left open), else a new connection to the target (closed on release). */
export async function connect(target: Target, options: CommandOptions): Promise<{ adapter: Adapter; release: () => Promise<void> }> {
  if (options.adapter) return { adapter: options.adapter, release: async () => undefined };
  const adapter = await openAdapter(target, adapterOptions(options));
  return { adapter, release: () => adapter.close() };
}

/** What opening the target needs from a command's options: the lock timeout, and where to tell the user about waiting. */
export function adapterOptions(options: CommandOptions): OpenAdapterOptions {
  return { lockTimeoutSeconds: options.lockTimeoutSeconds, onNotice: (message) => options.onEvent?.({ type: 'notice', message }) };
}
