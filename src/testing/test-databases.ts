import { mkdtempSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Adapter, AdapterType } from '../adapters/adapter.js';
import { PgliteAdapter } from '../adapters/pglite/pglite-adapter.js';
import { PostgresAdapter } from '../adapters/postgres/postgres-adapter.js';
import type { Target } from '../config/project-config.js';

/** A database of its own for one test: a fresh PostgreSQL database or a fresh PGlite directory. */
export interface TestDatabase {
  readonly kind: AdapterType;
  /** A target pointing at it, for code that takes a Target (the CLI, the programmatic API). */
  readonly target: Target;
  /** Opens an adapter on it; the caller closes it. */
  open(): Promise<Adapter>;
  /** Drops the database or deletes the directory. */
  drop(): Promise<void>;
}

/**
 * The adapters every SQL-emitting behaviour is tested on. PostgreSQL is listed with a skip reason when the
 * suite has no server (never silently: the reason is in the test name and printed by the global setup).
 */
export function adapterKinds(): { kind: AdapterType; skipReason: string }[] {
  return [
    { kind: 'pglite', skipReason: '' },
    { kind: 'postgres', skipReason: inject('postgresSkipReason') },
  ];
}

/** Creates an empty database of the given kind. */
export async function createTestDatabase(kind: AdapterType, schema = 'public'): Promise<TestDatabase> {
  return kind === 'pglite' ? createPgliteDatabase(schema) : createPostgresDatabase(schema);
}

function createPgliteDatabase(schema: string): TestDatabase {
  const root = mkdtempSync(join(tmpdir(), 'trevco-test-pglite-'));
  const path = join(root, 'data');
  cpSync(inject('pgliteTemplateDir'), path, { recursive: true });
  return {
    kind: 'pglite',
    target: { name: 'test', type: 'pglite', path, schema, threads: 1 },
    open: () => PgliteAdapter.open(path),
    drop: async () => rmSync(root, { recursive: true, force: true }),
  };
}

async function createPostgresDatabase(schema: string): Promise<TestDatabase> {
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error(`no real PostgreSQL server for this test: ${inject('postgresSkipReason')}`);
  const name = `trevco_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(adminUrl, (client) => client.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    target: { name: 'test', type: 'postgres', url: url.toString(), schema, threads: 4 },
    open: () => PostgresAdapter.connect({ url: url.toString(), threads: 4 }),
    drop: () => withAdminClient(adminUrl, (client) => client.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of the given kind with one open adapter, for the describe block it is called in (registers
 * beforeAll/afterAll). Returns an accessor: the adapter exists only once the block's tests run.
 */
export function useTestAdapter(kind: AdapterType): () => Adapter {
  let database: TestDatabase | undefined;
  let adapter: Adapter | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    adapter = await database.open();
  });
  afterAll(async () => {
    await adapter?.close();
    await database?.drop();
  });
  return () => {
    if (!adapter) throw new Error('useTestAdapter: the database is not ready (used outside a test?)');
    return adapter;
  };
}
