import type { Target } from '../config/project-config.js';
import type { Adapter } from './adapter.js';
import { PgliteAdapter } from './pglite/pglite-adapter.js';
import { PostgresAdapter } from './postgres/postgres-adapter.js';

/** Connects to a target: a pool for PostgreSQL, the embedded database for PGlite. */
export async function openAdapter(target: Target): Promise<Adapter> {
  if (target.type === 'pglite') return PgliteAdapter.open(target.path);
  return PostgresAdapter.connect({ url: target.url, threads: target.threads, connectTimeoutSeconds: target.connectTimeoutSeconds });
}
