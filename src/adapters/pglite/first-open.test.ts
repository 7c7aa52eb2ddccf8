import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTrevco, startTrevco } from '../../testing/run-cli.js';
import { writeProject } from '../../testing/temp-project.js';
import { PgliteAdapter } from './pglite-adapter.js';

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'trevco-first-open-'));
  roots.push(root);
  return root;
}

describe('the first open of an embedded database', () => {
  it('refuses a non-empty folder that holds no database, and leaves it untouched', async () => {
    const dataDir = join(newRoot(), 'dev');
    mkdirSync(dataDir);
    writeFileSync(join(dataDir, 'notes.txt'), 'mine');
    const error = await PgliteAdapter.open(dataDir).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'DATABASE', message: `${dataDir} is not empty but holds no database (it has no PG_VERSION)` });
    expect(readdirSync(dataDir)).toEqual(['notes.txt']);
    // The lock was released with the failure.
    expect(readdirSync(join(dataDir, '..'))).toEqual(['dev']);
  });

  it('starts afresh over the remains of an interrupted first open (PostgreSQL files, no PG_VERSION)', async () => {
    const dataDir = join(newRoot(), 'dev');
    mkdirSync(join(dataDir, 'base', '1'), { recursive: true });
    mkdirSync(join(dataDir, 'global'));
    writeFileSync(join(dataDir, 'postgresql.conf'), '# half written');
    const adapter = await PgliteAdapter.open(dataDir);
    try {
      expect((await adapter.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await adapter.close();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('killed with SIGKILL during initdb, leaves no half-made database: the next command starts afresh and succeeds', async () => {
    const root = newRoot();
    const dataDir = join(root, 'dev');
    const project = writeProject({ 'project.yml': `name: first\ntargets:\n  dev:\n    type: pglite\n    path: ${JSON.stringify(dataDir)}\n`, 'models/a.sql': 'select 1 as id' });
    roots.push(project.root);
    const first = startTrevco(['run'], project.root);
    const deadline = Date.now() + 60_000;
    // The staging folder of the first open's initdb (`dev.initdb-<pid>-…`; any `dev.…initdb-…` name).
    const staging = (name: string): boolean => /^dev\.(?:[a-z-]*)initdb-/.test(name);
    while (!readdirSync(root).some(staging)) {
      if (Date.now() > deadline) throw new Error(`initdb never started: ${JSON.stringify(first.output())}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.child.kill('SIGKILL');
    await first.exited;
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);

    const next = runTrevco(['run'], project.root);
    expect(next.stdout).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1');
    expect(next.code).toBe(0);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
    expect(next.stderr).toMatch(/took over .*dev\.lock: 'trevco run' \(pid \d+/);
    // The killed command's staging folder was cleared by the next first open.
    expect(readdirSync(root).filter(staging)).toEqual([]);
  });
});
