import type { Target } from '../config/project-config.js';
import type { Adapter, AdapterType } from './adapter.js';
import { PgliteAdapter } from './pglite/pglite-adapter.js';
import { PostgresAdapter } from './postgres/postgres-adapter.js';

type TargetOf<T extends AdapterType> = Extract<Target, { type: T }>;

/** One entry per target type: how to open it. Another Postgres-compatible engine is a folder here and a line below. */
const OPENERS: { readonly [T in AdapterType]: (target: TargetOf<T>) => Promise<Adapter> } = {
  pglite: (target) => PgliteAdapter.open(target.path),
  postgres: (target) => PostgresAdapter.connect({ url: target.url, threads: target.threads, connectTimeoutSeconds: target.connectTimeoutSeconds }),
};

/** Connects to a target: a pool for PostgreSQL, the embedded database for PGlite. */
export function openAdapter(target: Target): Promise<Adapter> {
  return (OPENERS[target.type] as (target: Target) => Promise<Adapter>)(target);
}
