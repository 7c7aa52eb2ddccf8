import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A project written to a temporary folder from a `{ 'models/a.sql': '...' }` map. */
export interface TempProject {
  readonly root: string;
  /** Writes (or overwrites) files in the project. */
  write(files: Readonly<Record<string, string>>): void;
  remove(): void;
}

/**
 * Writes the files under a new temporary folder. A minimal project.yml is added unless one is given or the files
 * are a dbt project (dbt_project.yml).
 */
export function writeProject(files: Readonly<Record<string, string>>, name = 'test_project'): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'trevco-project-'));
  const write = (more: Readonly<Record<string, string>>): void => {
    for (const [path, content] of Object.entries(more)) {
      const absolute = join(root, path);
      mkdirSync(dirname(absolute), { recursive: true });
      writeFileSync(absolute, content);
    }
  };
  write('dbt_project.yml' in files ? files : { 'project.yml': `name: ${name}\n`, ...files });
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
