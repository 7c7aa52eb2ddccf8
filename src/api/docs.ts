import { createReadStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import type { Row } from '../adapters/adapter.js';
import { writeManifest } from '../artifacts/write-manifest.js';
import { loadProjectConfig } from '../config/load-project-config.js';
import { buildCatalog } from '../docs/catalog.js';
import { buildDocsData } from '../docs/docs-data.js';
import { readLastResults } from '../docs/read-last-results.js';
import { renderSite } from '../docs/render-site.js';
import { ConfigError, TrevcoError } from '../errors/trevco-error.js';
import { quoteIdentifier } from '../sql/quote.js';
import type { CommandOptions } from './command-options.js';
import { connect } from './connect.js';
import { prepareProject } from './prepare-project.js';

/** Rows per table the page shows as a sample. */
const SAMPLE_ROWS = 5;

export interface DocsGenerateResult {
  readonly catalogPath: string;
  readonly manifestPath: string;
  /** target/docs/index.html: one self-contained file. */
  readonly sitePath: string;
  readonly nodes: number;
  /** Relations found in the database; nodes not built yet are listed in the catalog's `errors`. */
  readonly relations: number;
  readonly notBuilt: number;
}

/**
 * `trevco docs generate`: target/catalog.json (relations, columns, types and row counts read from the database),
 * target/manifest.json, and target/docs/index.html, an offline page with every node, its docs, columns, SQL,
 * config, tests and last status, a sample of rows of each table, and an interactive lineage graph.
 */
export async function generateDocs(options: CommandOptions = {}): Promise<DocsGenerateResult> {
  const compiled = prepareProject(options);
  const { adapter, release } = await connect(compiled.target, options, { command: 'docs generate', writes: false });
  let catalog;
  const samples = new Map<string, { columns: string[]; rows: Row[] }>();
  try {
    catalog = await buildCatalog(adapter, compiled);
    // Samples of tables and materialized views only: a view would be run in full by a limit over an aggregate.
    for (const entry of [...Object.values(catalog.nodes), ...Object.values(catalog.sources)]) {
      if (entry.metadata.type === 'view') continue;
      const result = await adapter.query(`select * from ${quoteIdentifier(entry.metadata.schema)}.${quoteIdentifier(entry.metadata.name)} limit ${SAMPLE_ROWS}`);
      samples.set(entry.unique_id, { columns: Object.values(entry.columns).sort((a, b) => a.index - b.index).map((column) => column.name), rows: result.rows });
    }
  } finally {
    await release();
  }
  const { root, paths } = compiled.project.config;
  const targetDir = join(root, paths.target);
  mkdirSync(join(targetDir, 'docs'), { recursive: true });
  const catalogPath = join(targetDir, 'catalog.json');
  writeFileSync(catalogPath, `${JSON.stringify(catalog, null, 2)}\n`);
  const manifestPath = writeManifest(compiled);
  const data = buildDocsData(compiled, catalog, readLastResults(root, paths.target), samples);
  const sitePath = join(targetDir, 'docs', 'index.html');
  writeFileSync(sitePath, renderSite(data));
  const relations = Object.keys(catalog.nodes).length + Object.keys(catalog.sources).length;
  return { catalogPath, manifestPath, sitePath, nodes: data.nodes.length, relations, notBuilt: catalog.errors?.length ?? 0 };
}

export interface DocsServeOptions extends CommandOptions {
  /** Default 8080 (as dbt docs serve); 0 picks a free port. */
  readonly port?: number;
}

export interface DocsServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export const DEFAULT_DOCS_PORT = 8080;

/** `trevco docs serve`: target/docs/ on http://127.0.0.1:PORT/ (localhost only; the page needs nothing else). */
export async function serveDocs(options: DocsServeOptions = {}): Promise<DocsServer> {
  const root = resolve(options.projectDir ?? '.');
  const config = loadProjectConfig(root, { vars: options.vars ? { ...options.vars } : undefined, env: options.env });
  const page = join(root, config.paths.target, 'docs', 'index.html');
  if (!existsSync(page)) throw new ConfigError(`${page} does not exist`, { hint: "run 'trevco docs generate' first" });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // One page: every path that is not the page itself is a 404 (no file under the project is ever served).
    if (path !== '/' && path !== '/index.html') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found: the docs are at /\n');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    if (request.method === 'HEAD') response.end();
    else createReadStream(page).pipe(response);
  });
  const port = options.port ?? DEFAULT_DOCS_PORT;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE'
      ? new TrevcoError('PORT_IN_USE', `port ${port} on 127.0.0.1 is already in use`, { hint: 'choose another with --port (0 picks a free one)' })
      : error));
    server.listen(port, '127.0.0.1', () => resolveListen());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    stop: () => new Promise<void>((resolveClose) => {
      server.closeAllConnections();
      server.close(() => resolveClose());
    }),
  };
}
