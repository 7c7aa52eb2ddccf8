import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Adapter } from '../adapters/adapter.js';
import { LockTimeoutError, type WriterLock } from '../adapters/writer-lock.js';
import type { RunEvent, RunOutcome } from '../api/command-options.js';
import { build } from '../api/build.js';
import { run } from '../api/run-models.js';
import { seed } from '../api/seed.js';
import { test as runTests } from '../api/test.js';
import type { SeedCommandOptions } from '../api/run-seed.js';
import { adapterKinds, createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { databaseChecksum } from './database-checksum.js';

/**
 * One writer per PostgreSQL target: pairs of writing commands started together run one after the other, and
 * leave exactly what the same two commands run in sequence leave. Deterministic: the test holds the writer lock
 * itself until both commands report that they wait for it, then lets go; the commands' events must then not
 * interleave. (PGlite's half, the data-directory lock, is tested with that lock.)
 */
const BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));

const PROJECT_YML = `name: shop
sources:
  raw:
    schema: raw
    tables:
      orders: { csv: orders/*.csv, ddl: orders.sql, cdc_column: updated_at, primary_key: [order_id] }
      products: { csv: products.csv }
models:
  +schema: marts
`;

function orderRows(from: number, to: number, version: number): string {
  const rows = ['order_id,product_id,amount,updated_at'];
  for (let id = from; id <= to; id++) rows.push(`${id},${id % 7},${(id * 3.5 + version).toFixed(2)},2025-01-0${version} 10:00:00`);
  return `${rows.join('\n')}\n`;
}

const FILES = {
  'sql/orders.sql': 'create table {{ this }} (order_id bigint, product_id int, amount numeric(12,2), updated_at timestamp)',
  'csv/orders/day1.csv': orderRows(1, 400, 1),
  'csv/products.csv': `product_id,name\n${Array.from({ length: 7 }, (_, i) => `${i},p${i}`).join('\n')}\n`,
  'models/stg_orders.sql': "{{ config(materialized='incremental', unique_key='order_id') }}\nselect order_id, product_id, amount, updated_at from {{ source('raw', 'orders') }}\n{% if is_incremental() %}where updated_at > (select coalesce(max(updated_at), '-infinity') from {{ this }}){% endif %}",
  'models/fact_sales.sql': "{{ config(materialized='table') }}\nselect p.name, count(*)::int as orders, sum(o.amount) as amount from {{ ref('stg_orders') }} o join {{ source('raw', 'products') }} p using (product_id) group by p.name",
  'models/sales_view.sql': "select name, amount from {{ ref('fact_sales') }}",
};

/** The second day's export: 200 newer versions of known orders, 200 new orders. */
const DAY2 = { 'csv/orders/day2.csv': orderRows(201, 600, 2) };

interface Fixture {
  readonly database: TestDatabase;
  readonly project: TempProject;
  options<T extends SeedCommandOptions>(extra?: T): T;
}

const fixtures: Fixture[] = [];
afterAll(async () => {
  for (const fixture of fixtures) {
    await fixture.database.drop();
    fixture.project.remove();
  }
});

async function freshProject(): Promise<Fixture> {
  const database = await createTestDatabase('postgres');
  if (database.target.type !== 'postgres') throw new Error('a PostgreSQL database was expected');
  const project = writeProject({ 'project.yml': `${PROJECT_YML}target: test\ntargets:\n  test:\n    type: postgres\n    url: ${JSON.stringify(database.target.url)}\n    threads: 4\n`, ...FILES });
  const fixture: Fixture = { database, project, options: <T extends SeedCommandOptions>(extra?: T) => ({ projectDir: project.root, target: 'test', ...extra }) as T };
  fixtures.push(fixture);
  return fixture;
}

type Command = (options: SeedCommandOptions) => Promise<RunOutcome>;
interface Step { readonly name: string; readonly command: Command; readonly options?: SeedCommandOptions }

/**
 * Starts both steps while the test holds the writer lock, waits until both wait for it, lets go, and returns
 * the steps in the order they ran, after checking that their events did not interleave.
 */
async function runTogether(fixture: Fixture, steps: readonly [Step, Step]): Promise<Step[]> {
  const blocker = await fixture.database.open();
  let lock: WriterLock | undefined;
  try {
    lock = await blocker.acquireWriterLock({ timeoutSeconds: 0, holder: 'the test' });
    const log: string[] = [];
    let waiting = 0;
    let bothWaiting!: () => void;
    const allWaiting = new Promise<void>((resolve) => (bothWaiting = resolve));
    const running = steps.map((step) => step.command(fixture.options({
      ...step.options,
      onEvent: (event: RunEvent) => {
        if (event.type === 'notice') {
          expect(event.message).toMatch(/^waiting for the test, running since .+ to finish: it holds this target's writer lock \(up to 300s, --lock-timeout\)$/);
          if (++waiting === 2) bothWaiting();
        } else if (event.type !== 'progress') {
          log.push(step.name);
        }
      },
    })));
    // Only a failure waits out this bound: with the lock, both commands report waiting within milliseconds.
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`only ${waiting} of the 2 commands waited for the writer lock: they ran (${log.join(', ')})`)), 30_000)));
    await Promise.race([allWaiting, gaveUp]).finally(() => clearTimeout(timer));
    expect(log).toEqual([]);
    await lock.release();
    lock = undefined;
    const outcomes = await Promise.all(running);
    for (const outcome of outcomes) expect(outcome.results.map((result) => `${result.nodeId} ${result.status} ${result.message}`).filter((line) => !/ (success|pass) /.test(line))).toEqual([]);
    // One command's events, then the other's: never interleaved.
    const first = log[0]!;
    const switched = log.findIndex((name) => name !== first);
    expect(switched).toBeGreaterThan(0);
    expect(log.slice(switched).every((name) => name !== first)).toBe(true);
    return first === steps[0].name ? [...steps] : [steps[1], steps[0]];
  } finally {
    await lock?.release();
    await blocker.close();
  }
}

async function runInSequence(fixture: Fixture, steps: readonly Step[]): Promise<void> {
  for (const step of steps) expect((await step.command(fixture.options(step.options))).success).toBe(true);
}

async function checksum(fixture: Fixture): Promise<Record<string, string>> {
  const adapter: Adapter = await fixture.database.open();
  try {
    return await databaseChecksum(adapter, ['raw', 'marts']);
  } finally {
    await adapter.close();
  }
}

/** Runs `before` on two fresh projects, then the pair together on one and in the same order on the other. */
async function expectSequentialOutcome(pair: readonly [Step, Step], before: readonly Step[] = [], files: Record<string, string> = {}): Promise<void> {
  const together = await freshProject();
  const sequential = await freshProject();
  await runInSequence(together, before);
  await runInSequence(sequential, before);
  together.project.write(files);
  sequential.project.write(files);
  const order = await runTogether(together, pair);
  await runInSequence(sequential, order);
  const expected = await checksum(sequential);
  expect(Object.keys(expected).length).toBeGreaterThanOrEqual(2);
  expect(await checksum(together)).toEqual(expected);
}

const [, postgres] = adapterKinds();

describe.skipIf(Boolean(postgres!.skipReason))(postgres!.skipReason ? `skipped: ${postgres!.skipReason}` : 'one writer per PostgreSQL target', () => {
  it('build + run at once equal build then run', async () => {
    await expectSequentialOutcome([{ name: 'build', command: build }, { name: 'run', command: run }], [{ name: 'seed', command: seed }], DAY2);
  });

  it('seed + seed at once equal two seeds in a row', async () => {
    await expectSequentialOutcome([{ name: 'seed A', command: seed }, { name: 'seed B', command: seed }], [{ name: 'seed', command: seed }], DAY2);
  });

  it('seed --incremental twice at once merges each new row once', async () => {
    const incremental = { incremental: true };
    await expectSequentialOutcome([{ name: 'merge A', command: seed, options: incremental }, { name: 'merge B', command: seed, options: incremental }], [{ name: 'seed', command: seed }], DAY2);
  });

  it('two builds at once on a fresh database both succeed', async () => {
    await expectSequentialOutcome([{ name: 'build A', command: build }, { name: 'build B', command: build }]);
  });

  it('a command whose writer-lock session is killed runs no further statement', async () => {
    const fixture = await freshProject();
    const victim = await fixture.database.open();
    const admin = await fixture.database.open();
    try {
      const lock = await victim.acquireWriterLock({ timeoutSeconds: 0, holder: 'trevco victim (pid 2)' });
      expect(lock.lost()).toBeUndefined();
      await admin.query(`select pg_terminate_backend(pid, 10000) from pg_stat_activity where application_name = 'trevco victim (pid 2)'`);
      await until(() => lock.lost() !== undefined, 10, 'the lock session to be reported lost');
      expect(lock.lost()).toMatch(/^the session holding the target's writer lock ended \(.+\)$/);
      await expect(victim.query('select 1')).rejects.toThrow(/^lost the connection to the database: the session holding the target's writer lock ended/);
      // The lock is free again for the next command.
      await (await admin.acquireWriterLock({ timeoutSeconds: 0, holder: 'trevco next' })).release();
      await lock.release();
    } finally {
      await victim.close();
      await admin.close();
    }
  });

  it('a busy target fails clearly after --lock-timeout (at once with 0), naming who holds it; read-only commands never wait', async () => {
    const fixture = await freshProject();
    await runInSequence(fixture, [{ name: 'build', command: build }]);
    const blocker = await fixture.database.open();
    const lock = await blocker.acquireWriterLock({ timeoutSeconds: 0, holder: 'trevco build (pid 1)' });
    try {
      await expect(run(fixture.options({ lockTimeoutSeconds: 0 }))).rejects.toThrow(LockTimeoutError);
      const waited: string[] = [];
      const error = await seed(fixture.options({ lockTimeoutSeconds: 1, onEvent: (event: RunEvent) => (event.type === 'notice' ? waited.push(event.message) : undefined) })).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as LockTimeoutError).message).toMatch(/^the target is busy: trevco build \(pid 1\), running since .+ holds its writer lock, and did not finish within 1s$/);
      expect((error as LockTimeoutError).isUsageError).toBe(false);
      expect(waited).toHaveLength(1);
      // Tests that store no failures only read: they run while the target is busy.
      expect((await runTests(fixture.options({ lockTimeoutSeconds: 0 }))).success).toBe(true);
      const cli = await spawnTrevco(['run', '--lock-timeout', '0'], fixture.project.root);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('error[LOCK_TIMEOUT] the target is busy: trevco build (pid 1)');
      expect(cli.stderr).toContain('hint: only one command that writes may run on a target at a time');
      expect((await spawnTrevco(['run', '--lock-timeout', 'soon'], fixture.project.root)).code).toBe(2);
    } finally {
      await lock.release();
      await blocker.close();
    }
    // Released: the next command runs at once.
    expect((await run(fixture.options({ lockTimeoutSeconds: 0 }))).success).toBe(true);
  });
});

async function until(condition: () => boolean, seconds: number, what: string): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function spawnTrevco(args: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
