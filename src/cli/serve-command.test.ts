import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirectoryLock, lockPathFor } from '../adapters/pglite/directory-lock.js';
import { servedClientsPath } from '../adapters/pglite/open-pglite-target.js';
import { createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import { runTrevco, startTrevco } from '../testing/run-cli.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';

const PSQL = '/usr/bin/psql';
const FILES = {
  'seeds/cities.csv': 'city_id,name\n1,Lyon\n2,Nice\n',
  'models/orders.sql': "{{ config(materialized='table') }}\nselect g as order_id, (g % 2) + 1 as city_id from generate_series(1, 6) g",
  'models/city_orders.sql': "{{ config(materialized='table') }}\nselect c.name, count(*)::int as orders from {{ ref('orders') }} o join {{ ref('cities') }} c using (city_id) group by c.name",
};

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

describe('trevco serve', () => {
  let database: TestDatabase;
  let project: TempProject;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    const path = database.target.type === 'pglite' ? database.target.path : '';
    project = writeProject({ 'project.yml': `name: serve_test\ntargets:\n  dev:\n    type: pglite\n    path: ${JSON.stringify(path)}\n`, ...FILES });
    expect(runTrevco(['build'], project.root).code).toBe(0);
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it('serves the embedded database to pg and psql, runs trevco commands through it, and stops cleanly on SIGTERM', async () => {
    const path = database.target.type === 'pglite' ? database.target.path : '';
    const server = startTrevco(['serve', '--port', '0'], project.root);
    try {
      const url = (await server.waitFor(/postgres:\/\/postgres@127\.0\.0\.1:(\d+)\/postgres/))[0];
      expect(server.output().stdout).toContain(`Serving ${path} (target 'dev') over the PostgreSQL protocol at`);

      expect(await query(url, 'select name, orders from public.city_orders order by name')).toEqual([{ name: 'Lyon', orders: 3 }, { name: 'Nice', orders: 3 }]);

      if (existsSync(PSQL) || process.env.CI) {
        const psql = spawnSync(PSQL, [url, '-At', '-c', 'select count(*) from public.orders'], { encoding: 'utf8' });
        expect(psql.stderr).toBe('');
        expect(psql.stdout.trim()).toBe('6');
      }

      // A command on the same project connects through the socket instead of waiting for the lock: a seed (COPY
      // FROM STDIN over the socket) and a build.
      project.write({ 'seeds/cities.csv': `city_id,name\n1,Lyon\n2,"Nice, Côte d'Azur"\n` });
      const built = runTrevco(['build', '--lock-timeout', '0'], project.root);
      expect(built.stderr).toContain(`using the database served by 'trevco serve'`);
      expect(built.code).toBe(0);
      expect(built.stdout).toContain('Done. PASS=3 WARN=0 ERROR=0 SKIP=0 TOTAL=3');
      expect(await query(url, 'select name, orders from public.city_orders order by name')).toEqual([{ name: 'Lyon', orders: 3 }, { name: "Nice, Côte d'Azur", orders: 3 }]);

      // Commands going through the server take turns (they would share PGlite's one session): one waits while
      // another (here the test) has its turn, then runs.
      const turn = DirectoryLock.tryAcquire(servedClientsPath(path), 'the test');
      if (!('lock' in turn)) throw new Error('the test could not take the clients lock');
      const waiting = startTrevco(['run', '--select', 'orders'], project.root);
      await waiting.waitFor(/waiting for a turn on the server of .*: in use by 'the test'/);
      turn.lock.release();
      const ran = await waiting.exited;
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('Done. PASS=1 WARN=0 ERROR=0 SKIP=0 TOTAL=1');

      // A second server on the same directory is refused, naming the first.
      const second = runTrevco(['serve', '--port', '0', '--lock-timeout', '0'], project.root);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(/is already served by 'trevco serve' \(pid \d+.*\) at postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres/);
    } finally {
      server.child.kill('SIGTERM');
    }
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toContain(`Stopped; ${path} is closed.`);
    expect(existsSync(lockPathFor(path))).toBe(false);
    expect(existsSync(lockPathFor(servedClientsPath(path)))).toBe(false);

    // The directory is intact: a command opens it in process again and reads what was built through the server.
    const after = runTrevco(['show', '--select', 'city_orders', '--output', 'csv'], project.root);
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe("name,orders\nLyon,3\n\"Nice, Côte d'Azur\",3\n");
  });

  it('refuses a PostgreSQL target with a clear message', () => {
    const other = writeProject({ 'project.yml': 'name: pg\ntarget: prod\ntargets:\n  prod:\n    type: postgres\n    url: postgres://postgres@127.0.0.1:1/none\n' });
    try {
      const result = runTrevco(['serve'], other.root);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("trevco serve serves the embedded (pglite) database; target 'prod' is a PostgreSQL server already");
    } finally {
      other.remove();
    }
  });
});
