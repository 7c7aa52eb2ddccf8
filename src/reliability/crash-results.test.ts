import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { retry } from '../api/retry.js';
import { run } from '../api/run-models.js';
import { NOT_FINISHED_MESSAGE } from '../artifacts/run-results-progress.js';
import { ConfigError } from '../errors/trevco-error.js';
import { adapterKinds, createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';

/**
 * Crashes are results: a lost connection fails the running node and skips the rest, a killed command leaves a
 * run_results.json that says what did not finish, `trevco retry` runs exactly that, and a corrupt results file is
 * an error naming it. The CLI is spawned, as a scheduler would run it.
 */
const BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));

interface RunResults {
  complete: boolean;
  results: { unique_id: string; status: string; message: string }[];
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

async function projectOn(kind: 'pglite' | 'postgres', files: Record<string, string>): Promise<{ project: TempProject; database: TestDatabase }> {
  const database = await createTestDatabase(kind);
  const target = database.target.type === 'pglite'
    ? `  test:\n    type: pglite\n    path: ${JSON.stringify(database.target.path)}\n`
    : `  test:\n    type: postgres\n    url: ${JSON.stringify(database.target.url)}\n    threads: 1\n`;
  const project = writeProject({ 'project.yml': `name: crash\ntarget: test\ntargets:\n${target}`, ...files });
  cleanups.push(async () => {
    await database.drop();
    project.remove();
  });
  return { project, database };
}

function startTrevco(args: readonly string[], cwd: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, output })));
  return { child, done };
}

function readResults(root: string): RunResults {
  return JSON.parse(readFileSync(join(root, 'target/run_results.json'), 'utf8')) as RunResults;
}

function statuses(results: RunResults): Record<string, string> {
  return Object.fromEntries(results.results.map((result) => [result.unique_id.replace('model.crash.', ''), result.status]));
}

/** Checks `condition` every 50 ms until it holds; fails after `seconds` (only a broken run gets that far). */
async function until(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `b` sleeps until the table go_on exists: the first run is killed inside it, the retry passes straight through. */
const SLEEPING_PROJECT = {
  'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id",
  'models/b.sql': "{{ config(materialized='table') }}\nselect a.id from {{ ref('a') }} a, (select pg_sleep(case when exists (select 1 from pg_tables where tablename = 'go_on') then 0 else 600 end)) s",
  'models/c.sql': "select id from {{ ref('b') }}",
};

describe.each(adapterKinds())('crashes are results on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'a killed run', () => {
    it.each(['run', 'build'])('kill -9 inside a node of %s: run_results.json says what did not finish, and retry builds exactly that', async (command) => {
      const { project, database } = await projectOn(kind, SLEEPING_PROJECT);
      const first = startTrevco([command], project.root);
      const file = join(project.root, 'target/run_results.json');
      await until(() => existsSync(file) && statuses(readResults(file.replace('/target/run_results.json', ''))).a === 'success', 120, 'model a to finish');
      const killedAt = readResults(project.root);
      expect(killedAt.complete).toBe(false);
      expect(killedAt.results.find((result) => result.unique_id.endsWith('.b'))!.message).toBe(NOT_FINISHED_MESSAGE);
      first.child.kill('SIGKILL');
      expect((await first.done).signal).toBe('SIGKILL');

      const adapter = await database.open();
      try {
        // The killed process's backend would sleep on for minutes holding b's staging table: a server notices a
        // dead client only when it next writes to it. End it, as a DBA would.
        if (kind === 'postgres') await adapter.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
        await adapter.execute('create table go_on ()');
      } finally {
        await adapter.close();
      }
      const retried = startTrevco(['retry'], project.root);
      const outcome = await retried.done;
      expect(outcome.output).not.toMatch(/Running nothing|Unhandled/);
      expect(outcome.code).toBe(0);
      const after = readResults(project.root);
      expect(after.complete).toBe(true);
      expect(statuses(after)).toEqual({ b: 'success', c: 'success' });
      expect((after as unknown as { args: { command: string } }).args.command).toBe(command);
    });

    it('a corrupt run_results.json is an error naming it, for retry and result: selection; other runs go on', async () => {
      const { project } = await projectOn(kind, { 'models/a.sql': 'select 1 as id' });
      project.write({ 'target/run_results.json': '{"results": [{"unique_id": "model.crash.a", "stat' });
      const options = { projectDir: project.root, target: 'test' };
      for (const attempt of [() => retry(options), () => run({ ...options, select: ['result:error'] })]) {
        const error = await attempt().catch((thrown: unknown) => thrown);
        expect(error).toBeInstanceOf(ConfigError);
        expect((error as ConfigError).message).toMatch(/^target\/run_results\.json is not valid JSON \(.+\), so the last run's results are unknown$/);
        expect((error as ConfigError).file).toBe('target/run_results.json');
      }
      project.write({ 'target/run_results.json': '{"results": 3}' });
      await expect(retry(options)).rejects.toThrow("target/run_results.json is not a run results file (no results list of unique_id and status), so the last run's results are unknown");
      const cli = await startTrevco(['retry'], project.root).done;
      expect(cli.code).toBe(2);
      expect(cli.output).toContain('target/run_results.json error[CONFIG] target/run_results.json is not a run results file');
      expect((await run(options)).success).toBe(true);
    });
  });
});

const [, postgres] = adapterKinds();

describe.skipIf(Boolean(postgres!.skipReason))(postgres!.skipReason ? `skipped: ${postgres!.skipReason}` : 'a lost connection on PostgreSQL', () => {
  it('fails the running node with a clear message, skips the nodes not reached, writes run_results.json; retry finishes', async () => {
    const { project, database } = await projectOn('postgres', {
      'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id",
      // Ends its own session, as pg_terminate_backend from a DBA or a server restart would, unless go_on exists.
      'models/b.sql': "{{ config(materialized='table') }}\nselect a.id from {{ ref('a') }} a where not exists (select 1 from pg_tables where tablename = 'go_on') and pg_terminate_backend(pg_backend_pid()) or exists (select 1 from pg_tables where tablename = 'go_on')",
      'models/c.sql': "select id from {{ ref('b') }}",
      'models/d.sql': "select id from {{ ref('a') }}",
    });
    const first = await startTrevco(['run'], project.root).done;
    expect(first.output).not.toMatch(/Unhandled|node:events|\n\s+at /);
    expect(first.code).toBe(1);
    expect(first.output).toContain('error[DATABASE] lost the connection to the database: terminating connection due to administrator command');
    const results = readResults(project.root);
    expect(results.complete).toBe(true);
    expect(statuses(results)).toEqual({ a: 'success', b: 'error', c: 'skipped', d: 'skipped' });
    expect(results.results.find((result) => result.unique_id.endsWith('.d'))!.message).toBe('skipped: the run stopped before this node: model.crash.b lost the connection to the database');

    const adapter = await database.open();
    try {
      await adapter.execute('create table go_on ()');
    } finally {
      await adapter.close();
    }
    const again = await startTrevco(['retry'], project.root).done;
    expect(again.code).toBe(0);
    expect(statuses(readResults(project.root))).toEqual({ b: 'success', c: 'success', d: 'success' });
  });
});
