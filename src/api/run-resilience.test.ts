import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { adapterKinds, createTestDatabase } from '../testing/test-databases.js';
import { writeProject } from '../testing/temp-project.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { getRelation, listRelations } from '../adapters/relations.js';
import type { RunEvent } from './command-options.js';
import { run } from './run-models.js';

const BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));

const FILES = {
  'models/orders.sql': "{{ config(materialized='table') }}\nselect * from (values (1, 10), (2, 20)) as t(id, amount)",
  'models/orders_view.sql': "select sum(amount)::int as total from {{ ref('orders') }}",
  'models/slow_a.sql': "{{ config(materialized='table') }}\nselect 1 as id from (select pg_sleep(0.5)) s",
  'models/slow_b.sql': "{{ config(materialized='table') }}\nselect 2 as id from (select pg_sleep(0.5)) s",
};

describe.each(adapterKinds())('run resilience on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'artifacts', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('writes a manifest with nodes, dependencies, config and checksums', async () => {
      const { options, project } = fixture();
      await run(options({ select: ['orders+'] }));
      const manifest = JSON.parse(readFileSync(join(project.root, 'target/manifest.json'), 'utf8'));
      expect(manifest.metadata).toMatchObject({ project_name: 'test_project', target_name: 'test', adapter_type: kind });
      expect(manifest.nodes['model.test_project.orders_view']).toMatchObject({
        resource_type: 'model',
        original_file_path: 'models/orders_view.sql',
        depends_on: { nodes: ['model.test_project.orders'] },
        config: { materialized: 'view' },
        relation_name: '"public"."orders_view"',
        compiled_path: 'target/compiled/test_project/models/orders_view.sql',
      });
      expect(manifest.nodes['model.test_project.orders'].checksum.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(manifest.child_map['model.test_project.orders']).toEqual(['model.test_project.orders_view']);
      const results = JSON.parse(readFileSync(join(project.root, 'target/run_results.json'), 'utf8'));
      expect(results.results.map((result: { unique_id: string; status: string; adapter_response: unknown }) => [result.unique_id, result.status, result.adapter_response])).toEqual([
        ['model.test_project.orders', 'success', { rows_affected: 2 }],
        ['model.test_project.orders_view', 'success', {}],
      ]);
    });

  });
});

// Parallel connections and a server that outlives its client exist only on PostgreSQL: PGlite runs in process.
describe.each(adapterKinds().filter(({ kind }) => kind === 'postgres'))('run resilience on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'threads and a killed process', () => {
    const fixture = useProjectOnDatabase(kind, FILES);

    it('runs independent models at the same time with --threads', async () => {
      const { options } = fixture();
      const events: string[] = [];
      const outcome = await run(options({
        select: ['slow_a', 'slow_b'],
        threads: 2,
        onEvent: (event: RunEvent) => {
          if (event.type === 'node-started' || event.type === 'node-finished') events.push(`${event.type}:${event.label.displayName}`);
        },
      }));
      expect(outcome.success).toBe(true);
      // Both started before either finished: they ran concurrently, on two connections.
      expect(events.slice(0, 2).sort()).toEqual(['node-started:public.slow_a', 'node-started:public.slow_b']);
    });

    it('keeps the previous table and leaves nothing behind when the process is killed mid-build', async () => {
      const { adapter, project } = fixture();
      await run(fixture().options({ select: ['orders+'] }));
      project.write({ 'models/orders.sql': "{{ config(materialized='table') }}\nselect t.id, t.amount from (values (3, 30)) as t(id, amount), (select pg_sleep(3)) s" });
      const child = spawn(process.execPath, [BIN, 'run', '--select', 'orders', '--target', 'test'], { cwd: project.root, stdio: 'ignore' });
      // Kill once the build has begun: the staging table exists inside the open transaction.
      await waitFor(async () => (await adapter.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(3)%' and pid <> pg_backend_pid()")).rows[0]!.n > 0);
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect((await adapter.query('select id, amount from public.orders order by id')).rows).toEqual([{ id: 1, amount: 10 }, { id: 2, amount: 20 }]);
      expect((await adapter.query('select total from public.orders_view')).rows).toEqual([{ total: 30 }]);
      // The server rolls the orphaned transaction back; then no staging relation is left.
      await waitFor(async () => (await adapter.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where query like '%pg_sleep(3)%' and pid <> pg_backend_pid()")).rows[0]!.n === 0, 15_000);
      expect((await listRelations(adapter, ['public'])).map((relation) => relation.name).filter((name) => name.includes('__trevco'))).toEqual([]);
      project.write({ 'models/orders.sql': FILES['models/orders.sql'] });
      const again = await run(fixture().options({ select: ['orders+'] }));
      expect(again.success).toBe(true);
      expect(await getRelation(adapter, 'public', 'orders')).toMatchObject({ kind: 'table' });
    });
  });
});

// The embedded database lives in the trevco process itself: kill that process in the middle of a rebuild.
describe('run resilience on pglite', () => {
  it('keeps the previous table, and the database opens, after the process is killed mid-build', async () => {
    const database = await createTestDatabase('pglite');
    const project = writeProject({
      'project.yml': `name: killed\ntargets:\n  dev:\n    type: pglite\n    path: ${JSON.stringify(database.target.type === 'pglite' ? database.target.path : '')}\n`,
      'models/big.sql': "{{ config(materialized='table') }}\nselect g as id from generate_series(1, 1000) g",
    });
    try {
      const first = spawnSync(process.execPath, [BIN, 'run'], { cwd: project.root, encoding: 'utf8' });
      expect(first.status).toBe(0);
      project.write({ 'models/big.sql': "{{ config(materialized='table') }}\nselect g as id, md5(g::text) as h from generate_series(1, 5000000) g" });
      const child = spawn(process.execPath, [BIN, 'run', '--log-format', 'json'], { cwd: project.root, stdio: ['ignore', 'pipe', 'ignore'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await waitFor(async () => output.includes('"event":"node-started"'));
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(output).not.toContain('"event":"node-finished"');
      const adapter = await database.open();
      try {
        expect((await adapter.query('select count(*)::int as n from public.big')).rows).toEqual([{ n: 1000 }]);
        expect((await listRelations(adapter, ['public'])).map((relation) => relation.name)).toEqual(['big']);
      } finally {
        await adapter.close();
      }
    } finally {
      project.remove();
      await database.drop();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
