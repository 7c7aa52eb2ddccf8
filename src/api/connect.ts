import type { Adapter } from '../adapters/adapter.js';
import { openAdapter, type OpenAdapterOptions } from '../adapters/open-adapter.js';
import { DEFAULT_LOCK_TIMEOUT_SECONDS } from '../adapters/writer-lock.js';
import type { Target } from '../config/project-config.js';
import type { CommandOptions } from './command-options.js';

/** What a command will do with its connection: commands that write hold the target's writer lock throughout. */
export interface ConnectPurpose {
  readonly command: string;
  readonly writes: boolean;
}

/**
 * The caller's adapter when it passed one (left open), else a new connection to the target (closed on release).
 * A writing command also takes the target's writer lock here (waiting up to `--lock-timeout` for another one to
 * finish) and gives it back on release, so two commands never write one target at once. On PGlite the directory
 * lock taken when the database is opened already makes the process the only one on it.
 */
export async function connect(target: Target, options: CommandOptions, purpose: ConnectPurpose): Promise<{ adapter: Adapter; release: () => Promise<void> }> {
  const adapter = options.adapter ?? await openAdapter(target, adapterOptions(options));
  const close = options.adapter ? async () => undefined : () => adapter.close();
  if (!purpose.writes) return { adapter, release: close };
  try {
    const lock = await adapter.acquireWriterLock({
      timeoutSeconds: options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS,
      holder: `trevco ${purpose.command} (pid ${process.pid})`,
      onWait: (message) => options.onEvent?.({ type: 'notice', message }),
    });
    return {
      adapter,
      release: async () => {
        await lock.release();
        await close();
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What opening the target needs from a command's options: the lock timeout, and where to tell the user about waiting. */
export function adapterOptions(options: CommandOptions): OpenAdapterOptions {
  return { lockTimeoutSeconds: options.lockTimeoutSeconds, onNotice: (message) => options.onEvent?.({ type: 'notice', message }) };
}
