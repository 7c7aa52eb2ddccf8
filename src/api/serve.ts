import { resolve } from 'node:path';
import { acquireDirectory, describeHolder } from '../adapters/pglite/acquire-directory.js';
import { servedUrl } from '../adapters/pglite/open-pglite-target.js';
import { PgliteAdapter, processCommand } from '../adapters/pglite/pglite-adapter.js';
import { servePglite } from '../adapters/pglite/serve-pglite.js';
import { loadProjectConfig } from '../config/load-project-config.js';
import { resolveTarget } from '../config/resolve-target.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { CommandOptions } from './command-options.js';
import { adapterOptions } from './connect.js';

/** PostgreSQL's own port plus one, so a local server on 5432 and `trevco serve` live side by side. */
export const DEFAULT_SERVE_PORT = 5433;

export interface ServeOptions extends CommandOptions {
  /** Default 5433; 0 picks a free port. */
  readonly port?: number;
}

export interface RunningServer {
  /** `postgres://postgres@127.0.0.1:5433/postgres`: no password (PGlite has no authentication; it listens on 127.0.0.1 only). */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly target: string;
  /** Stops the server and closes the database cleanly; the directory lock is released. */
  stop(): Promise<void>;
}

/**
 * `trevco serve`: the embedded database over the PostgreSQL wire protocol on 127.0.0.1, for psql, BI tools,
 * notebooks, and other trevco commands on the same project (which connect through it instead of waiting).
 */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const root = resolve(options.projectDir ?? '.');
  const config = loadProjectConfig(root, { vars: options.vars ? { ...options.vars } : undefined, env: options.env });
  const target = resolveTarget(config, options.target);
  if (target.type !== 'pglite') {
    throw new ConfigError(`trevco serve serves the embedded (pglite) database; target '${target.name}' is a PostgreSQL server already`, { hint: 'connect to it directly with its URL, or pick a pglite target with --target' });
  }
  const port = options.port ?? DEFAULT_SERVE_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be a port number (0-65535), found ${port}`);
  const access = await acquireDirectory(target.path, { command: processCommand(), timeoutSeconds: options.lockTimeoutSeconds, onNotice: adapterOptions(options).onNotice });
  if (!('lock' in access)) {
    throw new ConfigError(`${target.path} is already served by ${describeHolder(access.server)} at ${servedUrl(access.server.server)}`, { hint: 'connect to that address, or stop that server first' });
  }
  const adapter = await PgliteAdapter.open(target.path, { lock: access.lock });
  let server;
  try {
    server = await servePglite(adapter, { host: '127.0.0.1', port });
  } catch (error) {
    await adapter.close();
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    url: servedUrl(server),
    port: server.port,
    dataDir: target.path,
    target: target.name,
    stop: () => (stopped ??= server.stop().finally(() => adapter.close())),
  };
}
