import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { TrevcoError } from '../../errors/trevco-error.js';
import { supportCopyFromStdin } from './copy-over-socket.js';
import type { PgliteAdapter } from './pglite-adapter.js';

export interface PgliteServer {
  readonly host: string;
  readonly port: number;
  /** Stops listening and closes every client connection (an open transaction of theirs is rolled back). */
  stop(): Promise<void>;
}

/** Clients at once (psql, a BI tool, trevco commands); their statements take turns on PGlite's one session. */
const MAX_CONNECTIONS = 32;

/**
 * Puts an open PGlite database on a PostgreSQL wire-protocol socket (@electric-sql/pglite-socket) and advertises
 * the address in the directory's lock, so trevco commands on the same directory connect through it.
 */
export async function servePglite(adapter: PgliteAdapter, options: { host: string; port: number }): Promise<PgliteServer> {
  const server = new PGLiteSocketServer({ db: adapter.instance, host: options.host, port: options.port, maxConnections: MAX_CONNECTIONS });
  supportCopyFromStdin(server);
  try {
    await server.start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TrevcoError('PORT_IN_USE', `port ${options.port} on ${options.host} is already in use`, { hint: 'choose another with --port (0 picks a free one)' });
    throw error;
  }
  const port = Number(server.getServerConn().split(':').pop());
  adapter.directoryLock.advertiseServer({ host: options.host, port });
  return {
    host: options.host,
    port,
    stop: async () => {
      await server.stop();
      // A client cut off inside a transaction: roll it back here, so closing the database never commits half of it
      // (pglite-socket starts the same rollback without waiting for it; a second one is only a warning).
      const db = adapter.instance;
      if (db.isInTransaction()) await db.exec('rollback');
    },
  };
}
