import type { Target } from '../config/project-config.js';
import type { Adapter } from './adapter.js';
import { openPgliteTarget, type PgliteOpenOptions } from './pglite/open-pglite-target.js';
import { PostgresAdapter } from './postgres/postgres-adapter.js';

export type OpenAdapterOptions = PgliteOpenOptions;

/**
 * Connects to a target: a pool for PostgreSQL; for PGlite, the embedded database under its directory lock (or
 * the socket of `trevco serve` when that holds the directory).
 */
export async function openAdapter(target: Target, options: OpenAdapterOptions = {}): Promise<Adapter> {
  if (target.type === 'pglite') return openPgliteTarget(target, options);
  return PostgresAdapter.connect({ url: target.url, threads: target.threads, connectTimeoutSeconds: target.connectTimeoutSeconds });
}
