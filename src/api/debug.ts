import { resolve } from 'node:path';
import { openAdapter } from '../adapters/open-adapter.js';
import { DEFAULT_CONNECT_TIMEOUT_SECONDS } from '../adapters/postgres/postgres-adapter.js';
import { loadProjectConfig } from '../config/load-project-config.js';
import { redactUrl } from '../config/redact-url.js';
import { resolveTarget } from '../config/resolve-target.js';
import type { CommandOptions } from './command-options.js';
import { projectLoadOptions } from './prepare-project.js';
import { adapterOptions } from './connect.js';

export interface DebugReport {
  readonly projectDir: string;
  readonly projectName: string;
  readonly target: Readonly<Record<string, unknown>>;
  readonly connection: { readonly ok: boolean; readonly serverVersion?: string; readonly error?: string; readonly seconds: number };
}

/** `trevco debug`: the resolved target (password redacted) and whether the database answers. */
export async function debug(options: CommandOptions = {}): Promise<DebugReport> {
  const root = resolve(options.projectDir ?? '.');
  const config = loadProjectConfig(root, { ...projectLoadOptions(options), vars: options.vars ? { ...options.vars } : undefined });
  const target = resolveTarget(config, options.target);
  const shown: Record<string, unknown> = target.type === 'postgres'
    ? { name: target.name, type: target.type, url: redactUrl(target.url), schema: target.schema, threads: target.threads, connect_timeout: target.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS }
    : { name: target.name, type: target.type, path: target.path, schema: target.schema, threads: target.threads };
  const started = performance.now();
  try {
    const adapter = await openAdapter(target, adapterOptions(options));
    try {
      const result = await adapter.query<{ version: string }>('select version() as version');
      return { projectDir: root, projectName: config.name, target: shown, connection: { ok: true, serverVersion: result.rows[0]?.version, seconds: (performance.now() - started) / 1000 } };
    } finally {
      await adapter.close();
    }
  } catch (error) {
    return { projectDir: root, projectName: config.name, target: shown, connection: { ok: false, error: (error as Error).message, seconds: (performance.now() - started) / 1000 } };
  }
}
