import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteAdapter } from './pglite-adapter.js';

/** The built adapter, opened by a separate process that the test kills during its first open. */
const ADAPTER = fileURLToPath(new URL('../../../dist/adapters/pglite/pglite-adapter.js', import.meta.url));

const root = mkdtempSync(join(tmpdir(), 'trevco-initdb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Pids of processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text) ? [Number(name)] : [];
    } catch {
      return []; // gone meanwhile
    }
  });
}

async function until(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds}s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(process.platform !== 'linux')('PGlite first open (initdb in a child process)', () => {
  it('the initdb child dies with its parent, and the directory it left is initialised cleanly by the next open', async () => {
    const dataDir = join(root, 'data');
    const parent = spawn(process.execPath, ['-e', `import(${JSON.stringify(ADAPTER)}).then((m) => m.PgliteAdapter.open(${JSON.stringify(dataDir)}))`], { stdio: 'ignore' });
    // The child's command line names the folder it initialises.
    await until(() => processesMentioning(`${dataDir}.trevco-initdb-${parent.pid}`).length > 0, 60, 'the initdb child to start');
    const [child] = processesMentioning(`${dataDir}.trevco-initdb-${parent.pid}`);
    parent.kill('SIGKILL');
    // Loading PGlite and running initdb take 7-10 s here: a child that outlived its parent would still be there
    // after four. One that watches its parent is gone within milliseconds.
    await until(() => !existsSync(`/proc/${child}`) || readFileSync(`/proc/${child}/stat`, 'utf8').split(' ')[2] === 'Z', 4, `the orphaned initdb child ${child} to exit`);
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(false);

    const adapter = await PgliteAdapter.open(dataDir);
    try {
      expect((await adapter.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await adapter.close();
    }
    // The abandoned half-built folder was cleared away.
    expect(readdirSync(root)).toEqual(['data']);
  });
});
