import { afterAll, beforeAll } from 'vitest';
import type { Adapter, AdapterType } from '../adapters/adapter.js';
import type { CommandOptions } from '../api/command-options.js';
import { createTestDatabase, type TestDatabase } from './test-databases.js';
import { writeProject, type TempProject } from './temp-project.js';

/**
 * A temporary project whose `test` target points at a fresh database of the given kind, with one open adapter
 * that both the code under test (through `options().adapter`) and the assertions use.
 */
export interface ProjectOnDatabase {
  readonly project: TempProject;
  readonly database: TestDatabase;
  readonly adapter: Adapter;
  /** CommandOptions pointing at the project, its test target and the shared adapter. */
  options<T extends CommandOptions>(extra?: T): T;
}

/** Registers beforeAll/afterAll in the enclosing describe block and returns an accessor for the fixture. */
export function useProjectOnDatabase(kind: AdapterType, files: Readonly<Record<string, string>>, projectYml = 'name: test_project\n'): () => ProjectOnDatabase {
  let state: ProjectOnDatabase | undefined;
  beforeAll(async () => {
    const database = await createTestDatabase(kind);
    const target = database.target.type === 'pglite'
      ? `  test:\n    type: pglite\n    path: ${JSON.stringify(database.target.path)}\n`
      : `  test:\n    type: postgres\n    url: ${JSON.stringify(database.target.url)}\n    threads: 4\n`;
    const project = writeProject({ 'project.yml': `${projectYml}target: test\ntargets:\n${target}`, ...files });
    const adapter = await database.open();
    state = {
      project,
      database,
      adapter,
      options: <T extends CommandOptions>(extra?: T) => ({ projectDir: project.root, target: 'test', adapter, ...extra }) as T,
    };
  });
  afterAll(async () => {
    await state?.adapter.close();
    await state?.database.drop();
    state?.project.remove();
  });
  return () => {
    if (!state) throw new Error('useProjectOnDatabase: the database is not ready (used outside a test?)');
    return state;
  };
}
