import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../api/build.js';
import { list } from '../../api/list.js';
import { retry } from '../../api/retry.js';
import { run } from '../../api/run-models.js';
import { snapshot } from '../../api/snapshot.js';
import { adapterKinds } from '../../testing/test-databases.js';
import { useProjectOnDatabase } from '../../testing/project-on-database.js';

/**
 * dbt's own snapshot expectations (dbt-core's basic snapshot tests), on both adapters: 10 rows → 10 versions;
 * 10 new rows → 20; 10 rows with a later updated_at → 30 with 10 closed; a change in a column the check strategy
 * does not watch → nothing; a hard delete → closed (invalidate) or a deletion row (new_record); a second run with
 * nothing changed → nothing.
 */
const PROJECT = `name: test_project
on-run-end: "create table if not exists public.run_end_hook as select 1 as ran"
sources:
  app:
    schema: app
    tables:
      orders: {}
      people: {}
`;

const FILES = {
  'snapshots/orders.sql': `{# dbt's classic form: a block with config inside #}
{% snapshot orders_snapshot %}
{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', target_schema='snapshots') }}
select * from {{ source('app', 'orders') }}
{% endsnapshot %}

{% snapshot orders_check %}
{{ config(unique_key=['id'], strategy='check', check_cols=['status'], schema='snapshots') }}
select id, status, note from {{ source('app', 'orders') }}
{% endsnapshot %}
`,
  'snapshots/people.yml': `snapshots:
  - name: people_invalidate
    relation: source('app', 'people')
    config: { schema: snapshots, unique_key: id, strategy: check, check_cols: all, invalidate_hard_deletes: true }
  - name: people_new_record
    relation: source('app', 'people')
    config:
      schema: snapshots
      unique_key: id
      strategy: check
      check_cols: [name]
      hard_deletes: new_record
      dbt_valid_to_current: "'9999-12-31'::timestamp"
      snapshot_meta_column_names: { dbt_valid_from: valid_from, dbt_valid_to: valid_to }
    columns:
      - name: id
        tests: [not_null]
`,
  'models/current_orders.sql': "select id, status from {{ ref('orders_snapshot') }} where dbt_valid_to is null",
};

describe.each(adapterKinds())('snapshots on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'dbt expectations', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT);
    const one = async <T>(sql: string): Promise<T> => (await fixture().adapter.query(sql)).rows[0] as T;
    const contents = async (relation: string): Promise<unknown[]> => (await fixture().adapter.query(`select * from ${relation} t order by 1, t::text`)).rows;
    const snap = async (select: string[]) => snapshot(fixture().options({ select }));

    it('timestamp: 10 rows → 10; a second run → no change; +10 → 20; 10 later updated_at → 30 with 10 closed', async () => {
      const { adapter } = fixture();
      await adapter.execute(`create schema app;
        create table app.orders (id int, status text, note text, updated_at timestamp);
        insert into app.orders select g, 'placed', 'n' || g, timestamp '2024-01-01' + g * interval '1 hour' from generate_series(1, 10) g`);
      const first = await snap(['orders_snapshot']);
      expect(first.results[0]).toMatchObject({ status: 'success', message: 'INSERT 10', details: { action: 'created' } });
      expect(await one('select count(*)::int as n, count(dbt_valid_to)::int as closed from snapshots.orders_snapshot')).toEqual({ n: 10, closed: 0 });
      expect(await one('select ran from public.run_end_hook')).toEqual({ ran: 1 });
      expect(await one(`select count(*)::int as n from snapshots.orders_snapshot
        where dbt_valid_from = updated_at and dbt_updated_at = updated_at and dbt_scd_id = md5(id::text || '|' || updated_at::text)`)).toEqual({ n: 10 });

      const before = await contents('snapshots.orders_snapshot');
      expect((await snap(['orders_snapshot'])).results[0]).toMatchObject({ status: 'success', message: 'INSERT 0, CLOSED 0' });
      expect(await contents('snapshots.orders_snapshot')).toEqual(before);

      await adapter.execute("insert into app.orders select g, 'placed', 'n' || g, timestamp '2024-01-02' + g * interval '1 hour' from generate_series(11, 20) g");
      expect((await snap(['orders_snapshot'])).results[0]).toMatchObject({ message: 'INSERT 10, CLOSED 0' });
      expect(await one('select count(*)::int as n from snapshots.orders_snapshot')).toEqual({ n: 20 });

      await adapter.execute("update app.orders set status = 'shipped', updated_at = updated_at + interval '1 day' where id <= 10");
      expect((await snap(['orders_snapshot'])).results[0]).toMatchObject({ message: 'INSERT 10, CLOSED 10' });
      expect(await one('select count(*)::int as n, count(dbt_valid_to)::int as closed from snapshots.orders_snapshot')).toEqual({ n: 30, closed: 10 });
      // Each closed version ends exactly where its successor starts.
      expect(await one(`select count(*)::int as n from snapshots.orders_snapshot old
        join snapshots.orders_snapshot new on new.id = old.id and new.dbt_valid_from = old.dbt_valid_to
        where old.status = 'placed' and new.status = 'shipped' and new.dbt_valid_to is null`)).toEqual({ n: 10 });
    });

    it('check: a change in a column it does not watch adds no version; a watched one does', async () => {
      const { adapter } = fixture();
      expect((await snap(['orders_check'])).results[0]).toMatchObject({ message: 'INSERT 20' });
      await adapter.execute("update app.orders set note = 'edited' where id between 11 and 15");
      expect((await snap(['orders_check'])).results[0]).toMatchObject({ message: 'INSERT 0, CLOSED 0' });
      expect(await one('select count(*)::int as n from snapshots.orders_check')).toEqual({ n: 20 });
      await adapter.execute("update app.orders set status = 'returned' where id between 11 and 13");
      expect((await snap(['orders_check'])).results[0]).toMatchObject({ message: 'INSERT 3, CLOSED 3' });
      // Without updated_at, the check strategy starts versions at the run's time, as dbt does.
      expect(await one(`select count(*)::int as n from snapshots.orders_check where status = 'returned'
        and dbt_valid_from > now()::timestamp - interval '1 hour' and dbt_valid_to is null`)).toEqual({ n: 3 });
    });

    it('hard deletes: invalidate closes the version; new_record adds a deletion row; a return reopens the key', async () => {
      const { adapter } = fixture();
      await adapter.execute("create table app.people (id int, name text); insert into app.people select g, 'p' || g from generate_series(1, 10) g");
      expect((await snap(['people_invalidate', 'people_new_record'])).results.map((r) => r.message)).toEqual(['INSERT 10', 'INSERT 10']);
      expect(await one(`select count(*)::int as n from snapshots.people_new_record where valid_to = '9999-12-31' and dbt_is_deleted = 'False'`)).toEqual({ n: 10 });

      await adapter.execute('delete from app.people where id in (3, 4)');
      expect((await snap(['people_invalidate', 'people_new_record'])).results.map((r) => r.message)).toEqual(['INSERT 0, CLOSED 2', 'INSERT 2, CLOSED 2']);
      expect(await one('select count(*)::int as n, count(dbt_valid_to)::int as closed from snapshots.people_invalidate')).toEqual({ n: 10, closed: 2 });
      expect((await adapter.query(`select id, dbt_is_deleted, valid_to from snapshots.people_new_record where id in (3, 4) order by id, valid_from`)).rows.map((r) => [r.id, r.dbt_is_deleted, String(r.valid_to).slice(0, 4)]))
        .toEqual([[3, 'False', String((await one<{ y: string }>("select extract(year from now())::text as y")).y)], [3, 'True', '9999'], [4, 'False', expect.any(String)], [4, 'True', '9999']]);

      // Nothing changed since: nothing happens (the deletion rows are not deleted again).
      const before = await contents('snapshots.people_new_record');
      expect((await snap(['people_invalidate', 'people_new_record'])).results.map((r) => r.message)).toEqual(['INSERT 0, CLOSED 0', 'INSERT 0, CLOSED 0']);
      expect(await contents('snapshots.people_new_record')).toEqual(before);

      await adapter.execute("insert into app.people values (3, 'p3')");
      expect((await snap(['people_invalidate', 'people_new_record'])).results.map((r) => r.message)).toEqual(['INSERT 1, CLOSED 0', 'INSERT 1, CLOSED 1']);
      expect(await one(`select count(*)::int as n from snapshots.people_new_record where id = 3 and valid_to = '9999-12-31' and dbt_is_deleted = 'False'`)).toEqual({ n: 1 });
    });

    it('two runs at once give the sequential outcome: each change is recorded once', async () => {
      const { adapter } = fixture();
      await adapter.execute("update app.orders set status = 'delivered', updated_at = updated_at + interval '2 days' where id > 15");
      const [first, second] = await Promise.all([snap(['orders_snapshot']), snap(['orders_snapshot'])]);
      expect([first.results[0]!.message, second.results[0]!.message].sort()).toEqual(['INSERT 0, CLOSED 0', 'INSERT 5, CLOSED 5']);
      expect(await one('select count(*)::int as n, count(dbt_valid_to)::int as closed from snapshots.orders_snapshot')).toEqual({ n: 35, closed: 15 });
    });

    it('a duplicate key in the query fails the snapshot, names the key, and changes nothing', async () => {
      const { adapter } = fixture();
      const before = await contents('snapshots.orders_snapshot');
      await adapter.execute("insert into app.orders values (5, 'dup', 'x', timestamp '2030-01-01')");
      const outcome = await snap(['orders_snapshot']);
      expect(outcome.success).toBe(false);
      expect(outcome.results[0]!.status).toBe('error');
      expect(outcome.results[0]!.error).toMatchObject({ code: 'SNAPSHOT', file: 'snapshots/orders.sql', line: 3 });
      expect(outcome.results[0]!.message).toContain('id=5 (2 rows)');
      expect(await contents('snapshots.orders_snapshot')).toEqual(before);
      await adapter.execute("delete from app.orders where status = 'dup'");
      // trevco retry repeats the snapshot command for what failed.
      const retried = await retry(fixture().options());
      expect(retried.results.map((result) => [result.nodeId, result.status, result.message])).toEqual([['snapshot.test_project.orders_snapshot', 'success', 'INSERT 0, CLOSED 0']]);
    });

    it('build runs snapshots in graph order with their tests; --full-refresh never rebuilds them; ls and artifacts list them', async () => {
      const { adapter, options, project } = fixture();
      const outcome = await build(options({ fullRefresh: true }));
      expect(outcome.results.filter((r) => r.status !== 'success' && r.status !== 'pass')).toEqual([]);
      const ids = outcome.results.map((r) => r.nodeId);
      expect(ids.indexOf('model.test_project.current_orders')).toBeGreaterThan(ids.indexOf('snapshot.test_project.orders_snapshot'));
      expect(ids.some((id) => id.startsWith('test.') && id.includes('people_new_record'))).toBe(true);
      expect(await one('select count(*)::int as n from snapshots.orders_snapshot')).toEqual({ n: 35 });
      expect(await one('select count(*)::int as n from current_orders')).toEqual({ n: 20 });
      expect((await run(options({ fullRefresh: true }))).results.map((r) => r.nodeId)).toEqual(['model.test_project.current_orders']);
      expect(await one('select count(*)::int as n from snapshots.orders_snapshot')).toEqual({ n: 35 });

      expect(list(options({ select: ['resource_type:snapshot'], resourceTypes: ['snapshot'] as const })).map((node) => node.name)).toEqual(['orders_check', 'orders_snapshot', 'people_invalidate', 'people_new_record']);
      expect(list(options({ select: ['orders_snapshot+'], resourceTypes: ['snapshot', 'model'] as const })).map((node) => node.id)).toEqual(['snapshot.test_project.orders_snapshot', 'model.test_project.current_orders']);
      const manifest = JSON.parse(readFileSync(join(project.root, 'target/manifest.json'), 'utf8'));
      expect(manifest.nodes['snapshot.test_project.orders_snapshot']).toMatchObject({
        resource_type: 'snapshot',
        original_file_path: 'snapshots/orders.sql',
        relation_name: '"snapshots"."orders_snapshot"',
        config: { materialized: 'snapshot', strategy: 'timestamp', unique_key: 'id' },
      });
      expect(manifest.child_map['snapshot.test_project.orders_snapshot']).toContain('model.test_project.current_orders');
      const results = JSON.parse(readFileSync(join(project.root, 'target/run_results.json'), 'utf8'));
      expect(results.results.length).toBe(1);
      await snap([]);
      const snapshotResults = JSON.parse(readFileSync(join(project.root, 'target/run_results.json'), 'utf8'));
      expect(snapshotResults.results.map((r: { unique_id: string }) => r.unique_id).sort()).toEqual([
        'snapshot.test_project.orders_check', 'snapshot.test_project.orders_snapshot', 'snapshot.test_project.people_invalidate', 'snapshot.test_project.people_new_record',
      ]);
      expect(adapter).toBeDefined();
    });

    it('a composite unique_key: versions per (order, line); timestamp strategy with invalidate closes a deleted line', async () => {
      const { adapter, options, project } = fixture();
      await adapter.execute(`create table app.lines (order_id int, line int, qty int, changed_at timestamp);
        insert into app.lines values (1, 1, 1, '2024-01-01'), (1, 2, 1, '2024-01-01'), (2, 1, 5, '2024-01-01')`);
      project.write({ 'snapshots/lines.sql': "{% snapshot lines_history %}\n{{ config(unique_key=['order_id', 'line'], strategy='timestamp', updated_at='changed_at', hard_deletes='invalidate') }}\nselect * from app.lines\n{% endsnapshot %}\n" });
      expect((await snapshot(options({ select: ['lines_history'] }))).results[0]).toMatchObject({ message: 'INSERT 3' });
      await adapter.execute("update app.lines set qty = 2, changed_at = '2024-01-02' where order_id = 1 and line = 2; delete from app.lines where order_id = 2");
      expect((await snapshot(options({ select: ['lines_history'] }))).results[0]).toMatchObject({ message: 'INSERT 1, CLOSED 2' });
      expect((await adapter.query(`select order_id, line, qty, to_char(dbt_valid_from, 'YYYY-MM-DD') as valid_from, dbt_valid_to is null as current
        from lines_history order by 1, 2, dbt_valid_from`)).rows).toEqual([
        { order_id: 1, line: 1, qty: 1, valid_from: '2024-01-01', current: true },
        { order_id: 1, line: 2, qty: 1, valid_from: '2024-01-01', current: false },
        { order_id: 1, line: 2, qty: 2, valid_from: '2024-01-02', current: true },
        { order_id: 2, line: 1, qty: 5, valid_from: '2024-01-01', current: false },
      ]);
    });

    it('check_cols naming a column the query does not return fails at run time with the config line, changing nothing', async () => {
      const { options, project } = fixture();
      project.write({ 'snapshots/broken.sql': "{% snapshot broken %}\n{{ config(unique_key='id', strategy='check', check_cols=['missing']) }}\nselect 1 as id\n{% endsnapshot %}\n" });
      const outcome = await snapshot(options({ select: ['broken'] }));
      expect(outcome.results[0]!.error).toMatchObject({ code: 'SNAPSHOT', file: 'snapshots/broken.sql', line: 2 });
      expect(outcome.results[0]!.message).toContain("check_cols names 'missing', which the snapshot's query does not return");
      expect(await one("select count(*)::int as n from pg_catalog.pg_tables where tablename = 'broken'")).toEqual({ n: 0 });
    });
  });
});
