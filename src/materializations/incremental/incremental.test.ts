import { describe, expect, it } from 'vitest';
import { run } from '../../api/run-models.js';
import { adapterKinds } from '../../testing/test-databases.js';
import { useProjectOnDatabase } from '../../testing/project-on-database.js';

const FILES = {
  'seeds/.keep': '',
  'models/mode_log.sql': "{{ config(materialized='incremental') }}\nselect {% if is_incremental() %}'incremental'{% else %}'full'{% endif %}::text as mode",
  'models/merged.sql': [
    "{{ config(materialized='incremental', unique_key=['k1', 'k2']) }}",
    "select k1, k2, v, _trevco_loaded_at from {{ source('raw', 'events') }}",
    '{% if is_incremental() %}where _trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}){% endif %}',
  ].join('\n'),
  'models/replaced.sql': [
    "{{ config(materialized='incremental', unique_key='k1', incremental_strategy='delete+insert') }}",
    "select k1, k2, v, _trevco_loaded_at from {{ source('raw', 'events') }}",
    "{% if is_incremental() %}where _trevco_loaded_at > (select max(_trevco_loaded_at) from {{ this }}) and k2 = 'a'{% endif %}",
  ].join('\n'),
  'models/branch_error.sql': [
    "{{ config(materialized='incremental') }}",
    'select 1 as id',
    '{% if is_incremental() %}',
    'where no_such_column > 0',
    '{% endif %}',
  ].join('\n'),
  'models/evolving.sql': [
    "{{ config(materialized='incremental', unique_key='id', on_schema_change=var('mode', 'ignore')) }}",
    "select 1 as id, {% if var('v2', false) %}'two'::text as b, 3 as c{% else %}2 as b{% endif %}",
  ].join('\n'),
};

const PROJECT = 'name: test_project\nsources:\n  raw:\n    tables:\n      events: {}\n';

describe.each(adapterKinds())('incremental strategies on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'strategies', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT);
    const rows = async (sql: string) => (await fixture().adapter.query(sql)).rows;

    it('renders is_incremental() false on the first build and on --full-refresh, true otherwise (append)', async () => {
      const { options } = fixture();
      expect((await run(options({ select: ['mode_log'] }))).results[0]).toMatchObject({ status: 'success', message: 'SELECT 1' });
      expect((await run(options({ select: ['mode_log'] }))).results[0]).toMatchObject({ status: 'success', message: 'INSERT 1' });
      expect(await rows('select mode from mode_log order by mode')).toEqual([{ mode: 'full' }, { mode: 'incremental' }]);
      await run(options({ select: ['mode_log'], fullRefresh: true }));
      expect(await rows('select mode from mode_log')).toEqual([{ mode: 'full' }]);
    });

    it('maps an error inside {% if is_incremental() %} to the line of the compiled incremental SQL', async () => {
      const { options } = fixture();
      expect((await run(options({ select: ['branch_error'] }))).success).toBe(true);
      const [result] = (await run(options({ select: ['branch_error'] }))).results;
      expect(result).toMatchObject({ status: 'error' });
      expect(result!.error).toMatchObject({ code: 'DATABASE', file: 'target/compiled/test_project/models/branch_error.incremental.sql', line: 3 });
      expect(result!.error!.message).toContain('no_such_column');
    });

    it('merges on a composite key, and delete+inserts on a key', async () => {
      const { adapter, options } = fixture();
      await adapter.execute(`create schema raw; create table raw.events (k1 int, k2 text, v int, _trevco_loaded_at timestamptz);
        insert into raw.events values (1, 'a', 10, now() - interval '1 hour'), (1, 'b', 20, now() - interval '1 hour'), (2, 'b', 30, now() - interval '1 hour')`);
      expect((await run(options({ select: ['merged', 'replaced'] }))).success).toBe(true);
      await adapter.execute("insert into raw.events values (1, 'a', 11, now()), (3, 'a', 40, now())");
      const outcome = await run(options({ select: ['merged', 'replaced'] }));
      expect(outcome.results.map((result) => result.message)).toEqual(['MERGE 2', 'INSERT 2']);
      expect(await rows('select k1, k2, v from merged order by 1, 2')).toEqual([
        { k1: 1, k2: 'a', v: 11 }, { k1: 1, k2: 'b', v: 20 }, { k1: 2, k2: 'b', v: 30 }, { k1: 3, k2: 'a', v: 40 },
      ]);
      // delete+insert on k1 replaced both old k1=1 rows by the one new row.
      expect(await rows('select k1, k2, v from replaced order by 1, 2')).toEqual([
        { k1: 1, k2: 'a', v: 11 }, { k1: 2, k2: 'b', v: 30 }, { k1: 3, k2: 'a', v: 40 },
      ]);
    });

    it('fails on duplicate keys in the new rows, naming the model and a key, and leaves the table as it was', async () => {
      const { adapter, options } = fixture();
      await adapter.execute("insert into raw.events values (7, 'z', 1, now() + interval '1 minute'), (7, 'z', 2, now() + interval '1 minute')");
      const [merged, replaced] = (await run(options({ select: ['merged', 'replaced'] }))).results;
      expect(merged!.status).toBe('error');
      expect(merged!.message).toContain("model 'merged': the new rows hold the unique_key (k1, k2) value (7, z) 2 times");
      expect(replaced!.status).toBe('success');
      expect(await rows('select count(*)::int as n from merged where k1 = 7')).toEqual([{ n: 0 }]);
      await adapter.execute('delete from raw.events where k1 = 7');
    });

    it('handles on_schema_change: ignore, fail, append_new_columns, sync_all_columns', async () => {
      const { options } = fixture();
      const evolve = (vars: Record<string, unknown>) => run(options({ select: ['evolving'], vars }));
      await evolve({});
      expect((await evolve({ v2: true, mode: 'ignore' })).results[0]!.error?.message).toMatch(/column "b" is of type integer but expression is of type text/);
      const failed = (await evolve({ v2: true, mode: 'fail' })).results[0]!;
      expect(failed.status).toBe('error');
      expect(failed.error?.code).toBe('SCHEMA_CHANGE');
      expect(failed.message).toBe('model \'evolving\': the incremental SQL\'s columns no longer match "public"."evolving": new column c (integer); changed type b integer → text');
      expect(await rows('select * from evolving')).toEqual([{ id: 1, b: 2 }]);

      await run(options({ select: ['evolving'], fullRefresh: true }));
      await run(options({ select: ['evolving'], vars: { mode: 'append_new_columns' } }));
      expect((await evolve({ v2: true, mode: 'ignore' })).results[0]!.status).toBe('error');
      const appended = await run(options({ select: ['evolving'], vars: { mode: 'append_new_columns', v2: true } }));
      expect(appended.results[0]!.status).toBe('error'); // b's type changed: append_new_columns does not change types
      await run(options({ select: ['evolving'], vars: { mode: 'sync_all_columns', v2: true } }));
      expect(await rows('select * from evolving')).toEqual([{ id: 1, b: 'two', c: 3 }]);
    });

    it('append_new_columns adds a column and keeps old rows with nulls', async () => {
      const { adapter, options, project } = fixture();
      project.write({ 'models/widening.sql': "{{ config(materialized='incremental', on_schema_change='append_new_columns') }}\nselect {% if is_incremental() %}2 as id, 'new'::text as note{% else %}1 as id{% endif %}" });
      await run(options({ select: ['widening'] }));
      expect((await run(options({ select: ['widening'] }))).results[0]!.status).toBe('success');
      expect((await adapter.query('select id, note from widening order by id')).rows).toEqual([{ id: 1, note: null }, { id: 2, note: 'new' }]);
    });
  });
});
