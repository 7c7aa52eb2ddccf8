import type { PgliteTarget } from '../../config/project-config.js';
import type { Adapter } from '../adapter.js';
import { PostgresAdapter } from '../postgres/postgres-adapter.js';
import { acquireDirectory, DatabaseLockedError, DEFAULT_LOCK_TIMEOUT_SECONDS, describeHolder, type AcquireDirectoryOptions } from './acquire-directory.js';
import { PgliteAdapter, processCommand } from './pglite-adapter.js';

export interface PgliteOpenOptions {
  /** Seconds to wait while another process holds the directory (default DEFAULT_LOCK_TIMEOUT_SECONDS). */
  readonly lockTimeoutSeconds?: number;
  readonly onNotice?: AcquireDirectoryOptions['onNotice'];
}

/** The connection URL of a PGlite directory served by `trevco serve` (PGlite accepts any user and password). */
export function servedUrl(server: { host: string; port: number }): string {
  return `postgres://postgres@${server.host}:${server.port}/postgres`;
}

/**
 * Opens a PGlite target for a command: holds the directory lock and opens PGlite in process, or, when
 * `trevco serve` holds the directory, connects through its socket (one connection: PGlite has a single
 * session, so two would share temporary tables and transaction state).
 */
export async function openPgliteTarget(target: PgliteTarget, options: PgliteOpenOptions = {}): Promise<Adapter> {
  const started = Date.now();
  for (;;) {
    const remaining = options.lockTimeoutSeconds === undefined ? undefined : Math.max(0, options.lockTimeoutSeconds - (Date.now() - started) / 1000);
    const access = await acquireDirectory(target.path, { command: processCommand(), timeoutSeconds: remaining, onNotice: options.onNotice });
    if ('lock' in access) return PgliteAdapter.open(target.path, { lock: access.lock });
    try {
      const adapter = await PostgresAdapter.connect({ url: servedUrl(access.server.server), threads: 1 });
      options.onNotice?.(`using the database served by ${describeHolder(access.server)} at ${servedUrl(access.server.server)}`);
      return adapter;
    } catch {
      // The server is stopping (or not answering yet): its lock goes away with it, so try again.
      const timeout = options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
      if (Date.now() - started > timeout * 1000) throw new DatabaseLockedError(target.path, access.server, timeout);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
