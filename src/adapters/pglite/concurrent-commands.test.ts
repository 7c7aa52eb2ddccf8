import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getColumns, listRelations } from '../relations.js';
import { quoteIdentifier } from '../../sql/quote.js';
import { runTrevco, startTrevco, type CliResult } from '../../testing/run-cli.js';
import { writeProject, type TempProject } from '../../testing/temp-project.js';
import { DirectoryLock, lockPathFor } from './directory-lock.js';
import { PgliteAdapter } from './pglite-adapter.js';

/**
 * Two trevco processes on one embedded database (issue 11, item 1): before the directory lock this corrupted
 * .trevco/dev for good. Each pair must end as the same commands run one after the other do, by checksum of
 * every relation, and leave a directory the next build opens and passes on.
 */
const ROWS = Array.from({ length: 3000 }, (_, i) => `${i + 1},customer_${i % 97},${((i * 37) % 1000) / 10}`).join('\n');
const FILES = {
  'seeds/orders.csv': `order_id,customer,amount\n${ROWS}\n`,
  'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, count(*) as orders, sum(amount) as amount from {{ ref('orders') }} group by customer",
  'models/big_customers.sql': "select * from {{ ref('customer_totals') }} where amount > 1500",
  'models/orders_seen.sql': "{{ config(materialized='incremental', unique_key='order_id') }}\nselect order_id, amount from {{ ref('orders') }}",
  'models/schema.yml': 'models:\n  - name: customer_totals\n    columns:\n      - name: customer\n        tests: [unique, not_null]\n',
};

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((cleanup) => cleanup()));

/** A project on a copy of `from` (default: an empty initialised database). */
function projectOnNewDirectory(from: string = inject('pgliteTemplateDir')): { project: TempProject; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'trevco-concurrent-'));
  const dataDir = join(root, 'dev');
  cpSync(from, dataDir, { recursive: true });
  const project = writeProject({ 'project.yml': `name: pair\ntargets:\n  dev:\n    type: pglite\n    path: ${JSON.stringify(dataDir)}\n`, ...FILES });
  cleanups.push(() => project.remove(), () => rmSync(root, { recursive: true, force: true }));
  return { project, dataDir };
}

/** md5 of every relation's rows (trevco's load-time bookkeeping columns left out), by relation name. */
async function checksums(dataDir: string): Promise<Record<string, string>> {
  const adapter = await PgliteAdapter.open(dataDir);
  try {
    const sums: Record<string, string> = {};
    for (const relation of await listRelations(adapter, ['public'])) {
      const columns = (await getColumns(adapter, relation.schema, relation.name)).map((column) => column.name).filter((name) => !name.startsWith('_trevco_'));
      const select = `select ${columns.map(quoteIdentifier).join(', ')} from ${quoteIdentifier(relation.schema)}.${quoteIdentifier(relation.name)}`;
      const result = await adapter.query<{ sum: string; n: string }>(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum, count(*) as n from (${select}) t`);
      sums[relation.name] = `${result.rows[0]!.n}:${result.rows[0]!.sum}`;
    }
    return sums;
  } finally {
    await adapter.close();
  }
}

/**
 * Starts both commands while the test holds the directory, so that both are certainly waiting, then lets go:
 * they race for the lock for real, and one must wait for the other.
 */
async function runAtOnce(root: string, dataDir: string, first: string[], second: string[]): Promise<[CliResult, CliResult]> {
  const held = DirectoryLock.tryAcquire(dataDir, 'the test');
  if (!('lock' in held)) throw new Error('the test could not take the lock');
  const a = startTrevco(first, root);
  const b = startTrevco(second, root);
  await a.waitFor(/waiting for .* in use by 'the test'/);
  await b.waitFor(/waiting for .* in use by 'the test'/);
  held.lock.release();
  return Promise.all([a.exited, b.exited]);
}

describe('two trevco commands at once on one embedded database', () => {
  // Every pair starts from the same built project, as a user's second command would.
  let built: string;
  beforeAll(() => {
    const base = projectOnNewDirectory();
    expect(runTrevco(['build'], base.project.root).code).toBe(0);
    built = base.dataDir;
  });

  it.each([
    { name: 'build and run', first: ['build'], second: ['run'] },
    { name: 'seed and seed', first: ['seed'], second: ['seed'] },
    { name: 'seed and run', first: ['seed'], second: ['run'] },
  ])('$name: both succeed, one after the other, as if run in sequence', async ({ first, second }) => {
    const sequential = projectOnNewDirectory(built);
    const concurrent = projectOnNewDirectory(built);
    expect(runTrevco(first, sequential.project.root).code).toBe(0);
    expect(runTrevco(second, sequential.project.root).code).toBe(0);

    const results = await runAtOnce(concurrent.project.root, concurrent.dataDir, first, second);
    for (const result of results) expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: expect.stringContaining('Completed successfully') });
    // The loser of the race waited for the winner, and said so (the first notice was about the test itself).
    expect(results.some((result) => /waiting for .* in use by 'trevco (build|run|seed)'/.test(result.stderr))).toBe(true);

    expect(await checksums(concurrent.dataDir)).toEqual(await checksums(sequential.dataDir));
    // The directory is intact: the next build opens it and passes.
    const next = runTrevco(['build'], concurrent.project.root);
    expect(next.code).toBe(0);
    expect(next.stdout).toContain('ERROR=0');
  });

  it('a command takes over the lock of a holder killed with SIGKILL, and the directory is intact', async () => {
    const { project, dataDir } = projectOnNewDirectory(built);
    const before = await checksums(dataDir);
    project.write({ 'models/customer_totals.sql': "{{ config(materialized='table') }}\nselect customer, count(*) as orders, sum(amount) as amount, max(md5(g::text)) as h from {{ ref('orders') }}, generate_series(1, 3000) g group by customer" });
    const holder = startTrevco(['run', '--select', 'customer_totals', '--log-format', 'json'], project.root);
    await holder.waitFor(/"event":"node-started"/);
    holder.child.kill('SIGKILL');
    await holder.exited;

    project.write({ 'models/customer_totals.sql': FILES['models/customer_totals.sql'] });
    const next = runTrevco(['build', '--lock-timeout', '60'], project.root);
    expect(next.stderr).toMatch(new RegExp(`took over .*dev\\.lock: 'trevco run' \\(pid ${holder.child.pid}, since .*\\) no longer runs`));
    expect(next.code).toBe(0);
    expect(await checksums(dataDir)).toEqual(before);
  });

  it('fails clearly, with exit code 1, when the directory stays busy past --lock-timeout', () => {
    const { project, dataDir } = projectOnNewDirectory();
    const held = DirectoryLock.tryAcquire(dataDir, 'trevco serve');
    if (!('lock' in held)) throw new Error('the test could not take the lock');
    try {
      const result = runTrevco(['run', '--lock-timeout', '1'], project.root);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error[DATABASE_LOCKED] ${dataDir} is in use by 'trevco serve' (pid ${process.pid}`);
      expect(result.stderr).toContain('gave up after waiting 1 s');
      expect(result.stderr).toContain(`delete ${lockPathFor(dataDir)}`);
    } finally {
      held.lock.release();
    }
  });
});
