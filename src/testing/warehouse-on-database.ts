import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { parseDocument } from 'yaml';
import type { Adapter, AdapterType } from '../adapters/adapter.js';
import type { CommandOptions } from '../api/command-options.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';

/** The repository root, where the Trevco warehouse project lives. */
export const WAREHOUSE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The warehouse's own files: everything a project needs except the CSV exports, which tests pass as csvDir. */
const WAREHOUSE_FILES = ['models', 'snapshots', 'macros', 'tests', 'seeds', 'sql'];

/** A copy of the repository's warehouse whose default target `test` is a fresh database, with one open adapter. */
export interface WarehouseOnDatabase {
  /** The temporary project folder (also holds `exports/`, a scratch folder for generated CSVs). */
  readonly root: string;
  readonly database: TestDatabase;
  readonly adapter: Adapter;
  options<T extends CommandOptions>(extra?: T): T;
}

/** Copies the warehouse (project.yml with a `test` target added and made the default) into a temporary folder. */
export function copyWarehouse(database: TestDatabase): string {
  const root = mkdtempSync(join(tmpdir(), 'trevco-warehouse-'));
  for (const name of WAREHOUSE_FILES) {
    if (existsSync(join(WAREHOUSE_ROOT, name))) cpSync(join(WAREHOUSE_ROOT, name), join(root, name), { recursive: true });
  }
  const document = parseDocument(readFileSync(join(WAREHOUSE_ROOT, 'project.yml'), 'utf8'));
  const target = database.target.type === 'pglite'
    ? { type: 'pglite', path: database.target.path }
    : { type: 'postgres', url: database.target.url, threads: 4 };
  document.setIn(['targets', 'test'], document.createNode(target));
  document.set('target', 'test');
  writeFileSync(join(root, 'project.yml'), document.toString());
  return root;
}

/** Registers beforeAll/afterAll in the enclosing describe block and returns an accessor for the fixture. */
export function useWarehouseOnDatabase(kind: AdapterType): () => WarehouseOnDatabase {
  let state: WarehouseOnDatabase | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    const root = copyWarehouse(database);
    const adapter = await database.open();
    state = {
      root,
      database,
      adapter,
      options: <T extends CommandOptions>(extra?: T) => ({ projectDir: root, target: 'test', adapter, ...extra }) as T,
    };
  });
  afterAll(async () => {
    await state?.adapter.close();
    await state?.database.drop();
    if (state) rmSync(state.root, { recursive: true, force: true });
  });
  return () => {
    if (!state) throw new Error('useWarehouseOnDatabase: the database is not ready (used outside a test?)');
    return state;
  };
}
