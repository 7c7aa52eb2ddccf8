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
    let adapter: PostgresAdapter;
    try {
      adapter = await PostgresAdapter.connect({ url: servedUrl(access.server.server), threads: 1 });
    } catch {
      // The server is stopping (or not answering yet): its lock goes away with it, so try again.
      const timeout = options.lockTimeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
      if (Date.now() - started > timeout * 1000) throw new DatabaseLockedError(target.path, access.server, timeout);
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    options.onNotice?.(`using the database served by ${describeHolder(access.server)} at ${servedUrl(access.server.server)}`);
    // Every client of the server shares PGlite's one session, where advisory locks are re-entrant and temporary
    // tables are common: trevco commands going through the server take turns on a lock of their own.
    try {
      const turn = await acquireDirectory(servedClientsPath(target.path), {
        command: processCommand(),
        timeoutSeconds: remaining,
        acceptServer: false,
        label: `a turn on the server of ${target.path}`,
        onNotice: options.onNotice,
      });
      if (!('lock' in turn)) throw new Error('unreachable: acceptServer is false');
      return releasingOnClose(adapter, () => turn.lock.release());
    } catch (error) {
      await adapter.close();
      throw error;
    }
  }
}

/** The lock trevco commands take, one at a time, while going through `trevco serve` (`.trevco/dev.served.lock`). */
export function servedClientsPath(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.served`;
}

function releasingOnClose<A extends Adapter>(adapter: A, release: () => void): A {
  const close = adapter.close.bind(adapter);
  return Object.assign(adapter, {
    close: async () => {
      try {
        await close();
      } finally {
        release();
      }
    },
  });
}
