import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../api/run-models.js';
import { seed } from '../api/seed.js';
import { adapterKinds } from '../testing/test-databases.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';

// Roles are global to a PostgreSQL server: unique names keep parallel test files apart.
const suffix = randomBytes(4).toString('hex');
const READER = `trevco_reader_${suffix}`;
const ANALYST = `trevco_analyst_${suffix}`;

const PROJECT_YML = `name: test_project
vars: { label: first }
on-run-start:
  - "create table if not exists {{ target.schema }}.run_log (event text)"
  - "insert into {{ target.schema }}.run_log values ('start {{ var(\\"label\\") }}')"
on-run-end: "insert into {{ target.schema }}.run_log values ('end {{ var(\\"label\\") }} on {{ target.engine }}')"
`;

const FILES = {
  'macros/audit.sql': "{% macro audit(phase) %}insert into {{ this.schema }}.audit values ('{{ this.identifier }}', '{{ phase }}', (select count(*) from {{ this }})){% endmacro %}\n",
  'models/audit_setup.sql': "{{ config(materialized='table') }}\nselect 1 as ready",
  'models/audited.sql': [
    '{{ config(',
    "  materialized='table',",
    "  pre_hook=[before_begin(\"create table if not exists {{ this.schema }}.audit (model text, phase text, n bigint)\"), \"insert into {{ this.schema }}.audit values ('{{ this.identifier }}', 'pre', null)\"],",
    "  post_hook=[\"{{ audit('post') }}\", after_commit(\"{{ audit('after_commit') }}\")]",
    ') }}',
    "-- depends_on: {{ ref('audit_setup') }}",
    "select id from generate_series(1, {{ var('rows', 3) }}) as id",
  ].join('\n'),
  'models/granted.sql': "{{ config(materialized='table', grants={'select': var('readers')}) }}\nselect 1 as id",
  'models/granted_incremental.sql': "{{ config(materialized='incremental', unique_key='id', grants={'select': var('readers')}) }}\nselect 1 as id",
  'models/indexed.sql': "{{ config(materialized='table', indexes=[{'columns': ['id'], 'unique': true}, {'columns': ['name', 'id']}, {'columns': ['name'], 'type': 'hash'}]) }}\nselect id, 'n' || id as name from generate_series(1, 3) as id",
  'models/indexed_incremental.sql': "{{ config(materialized='incremental', unique_key='id', indexes=var('incremental_indexes', [])) }}\nselect 1 as id, 'n' as name",
  'models/indexed_view.sql': "{{ config(materialized='materialized_view', indexes=[{'columns': ['id']}]) }}\nselect id from {{ ref('indexed') }}",
  'models/documented.sql': "{{ config(materialized='table') }}\nselect 1 as id, 'x' as label",
  'models/documented_view.sql': "select id from {{ ref('documented') }}",
  'models/contracted.sql': [
    "{{ config(materialized='table') }}",
    "select {% if var('id_as_text', false) %}'1'{% else %}1{% endif %}::{% if var('id_as_text', false) %}text{% else %}int{% endif %} as id,",
    "  {% if var('null_name', false) %}null{% else %}'a'{% endif %}::text as name",
  ].join('\n'),
  'models/properties.yml': [
    'version: 2',
    'models:',
    '  - name: documented',
    "    description: \"One row, documented. It's commented.\"",
    '    config: { persist_docs: { relation: true, columns: true } }',
    '    columns:',
    '      - name: id',
    '        description: The key.',
    '  - name: documented_view',
    '    description: A view on it.',
    '    config: { persist_docs: { relation: true, columns: true } }',
    '    columns:',
    '      - name: id',
    '        description: The key, through the view.',
    '  - name: contracted',
    '    config: { contract: { enforced: true } }',
    '    columns:',
    '      - name: id',
    '        data_type: integer',
    '        constraints: [{ type: not_null }, { type: primary_key }]',
    '      - name: name',
    '        data_type: text',
    '        constraints: [{ type: not_null }, { type: check, expression: "length(name) > 0" }]',
    'seeds:',
    '  - name: codes',
    '    description: Codes.',
    "    config: { indexes: [{ columns: [code], unique: true }], persist_docs: { relation: true }, post-hook: \"insert into {{ this }} (code) values ('zz')\" }",
  ].join('\n'),
  'seeds/codes.csv': 'code\naa\nbb\n',
};

describe.each(adapterKinds())('applied node config on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'hooks, grants, indexes, docs, contracts', () => {
    const fixture = useProjectOnDatabase(kind, FILES, PROJECT_YML);
    const vars = { readers: [READER, ANALYST] };

    afterAll(async () => {
      const { adapter } = fixture();
      for (const role of [READER, ANALYST]) {
        await adapter.execute(`drop owned by "${role}"`).catch(() => undefined);
        await adapter.execute(`drop role if exists "${role}"`);
      }
    });

    it('runs pre- and post-hooks in order with the node\'s context, in and around its transaction, and rendered on-run hooks', async () => {
      const { adapter, options } = fixture();
      for (const role of [READER, ANALYST]) await adapter.execute(`create role "${role}"`);
      const outcome = await run(options({ select: ['audit_setup', 'audited'], vars }));
      expect(outcome.results.map((result) => result.status)).toEqual(['success', 'success']);
      const audit = await adapter.query('select model, phase, n::int as n from public.audit');
      // The post-hook counts the new table (3 rows) inside the transaction; after_commit sees the same.
      expect(audit.rows).toEqual([
        { model: 'audited', phase: 'pre', n: null },
        { model: 'audited', phase: 'post', n: 3 },
        { model: 'audited', phase: 'after_commit', n: 3 },
      ]);
      expect((await adapter.query('select event from public.run_log')).rows).toEqual([{ event: 'start first' }, { event: `end first on ${kind}` }]);
    });

    it('rolls a failed post-hook back with the build: the previous table and no audit row of that run', async () => {
      const { adapter, options } = fixture();
      await adapter.execute('alter table public.audit add constraint audit_small check (n is null or n < 5)');
      const outcome = await run(options({ select: ['audited'], vars: { ...vars, rows: 9 } }));
      expect(outcome.results[0]).toMatchObject({ status: 'error' });
      expect(outcome.results[0]!.message).toContain('post-hook 1');
      expect((await adapter.query('select count(*)::int as n from public.audited')).rows).toEqual([{ n: 3 }]);
      // The before_begin hook ran outside the transaction (idempotent DDL); the in-transaction pre-hook row was rolled back.
      expect((await adapter.query("select count(*)::int as n from public.audit where phase = 'pre'")).rows).toEqual([{ n: 1 }]);
    });

    it('grants on build, keeps grants across the rename swap, and revokes what was removed', async () => {
      const { adapter, options } = fixture();
      const can = async (role: string, table: string) => (await adapter.query<{ ok: boolean }>('select has_table_privilege($1, $2, \'select\') as ok', [role, `public.${table}`])).rows[0]!.ok;
      expect((await run(options({ select: ['granted', 'granted_incremental'], vars }))).success).toBe(true);
      for (const table of ['granted', 'granted_incremental']) {
        expect(await can(READER, table)).toBe(true);
        expect(await can(ANALYST, table)).toBe(true);
      }
      // A rebuild swaps a new table in; an incremental run keeps its table and revokes the analyst.
      expect((await run(options({ select: ['granted', 'granted_incremental'], vars: { readers: [READER] } }))).success).toBe(true);
      expect(await can(READER, 'granted')).toBe(true);
      expect(await can(ANALYST, 'granted')).toBe(false);
      expect(await can(READER, 'granted_incremental')).toBe(true);
      expect(await can(ANALYST, 'granted_incremental')).toBe(false);
    });

    it('creates indexes on the new relation, with the same names after a rebuild', async () => {
      const { adapter, options } = fixture();
      const indexes = async (table: string) => (await adapter.query<{ indexname: string; indexdef: string }>(
        'select indexname, indexdef from pg_indexes where schemaname = $1 and tablename = $2 order by indexname', ['public', table])).rows;
      expect((await run(options({ select: ['indexed', 'indexed_view'], vars }))).success).toBe(true);
      const first = await indexes('indexed');
      expect((await run(options({ select: ['indexed', 'indexed_view'], vars, fullRefresh: true }))).success).toBe(true);
      const second = await indexes('indexed');
      expect(second).toEqual(first);
      expect(second.map((index) => index.indexdef.replace(/"?indexed__idx_[0-9a-f]+"?/, 'NAME'))).toEqual(expect.arrayContaining([
        expect.stringMatching(/^CREATE UNIQUE INDEX NAME ON public.indexed USING btree \(id\)$/),
        expect.stringMatching(/^CREATE INDEX NAME ON public.indexed USING btree \(name, id\)$/),
        expect.stringMatching(/^CREATE INDEX NAME ON public.indexed USING hash \(name\)$/),
      ]));
      expect(second).toHaveLength(3);
      expect(await indexes('indexed_view')).toHaveLength(1);
      // A table kept in place gets a newly configured index, and loses one the config no longer lists.
      const indexed = async (wanted: unknown[]) => {
        const outcome = await run(options({ select: ['indexed_incremental'], vars: { ...vars, incremental_indexes: wanted } }));
        expect(outcome.results.map((result) => result.status === 'success' || result.message)).toEqual([true]);
        return (await indexes('indexed_incremental')).map((index) => index.indexdef.replace(/"?indexed_incremental__idx_[0-9a-f]+"?/, 'NAME')).sort();
      };
      expect(await indexed([])).toEqual([]);
      expect(await indexed([{ columns: ['id'] }, { columns: ['name'], unique: true }])).toEqual([
        'CREATE INDEX NAME ON public.indexed_incremental USING btree (id)',
        'CREATE UNIQUE INDEX NAME ON public.indexed_incremental USING btree (name)',
      ]);
      expect(await indexed([{ columns: ['name'], unique: true }])).toEqual(['CREATE UNIQUE INDEX NAME ON public.indexed_incremental USING btree (name)']);
    });

    it('persists descriptions as comments on relations and columns', async () => {
      const { adapter, options } = fixture();
      expect((await run(options({ select: ['documented', 'documented_view'], vars }))).success).toBe(true);
      const comments = await adapter.query(`select obj_description('public.documented'::regclass, 'pg_class') as relation,
        col_description('public.documented'::regclass, 1) as id, col_description('public.documented'::regclass, 2) as label,
        obj_description('public.documented_view'::regclass, 'pg_class') as view, col_description('public.documented_view'::regclass, 1) as view_id`);
      expect(comments.rows).toEqual([{ relation: "One row, documented. It's commented.", id: 'The key.', label: null, view: 'A view on it.', view_id: 'The key, through the view.' }]);
    });

    it('keeps the grants, comments and indexes of dependent views that a rebuild recreates', async () => {
      const { adapter, options } = fixture();
      await adapter.execute(`grant select on public.documented_view to "${READER}"; create materialized view public.documented_mv as select id from public.documented;
        create index documented_mv_id on public.documented_mv (id); comment on materialized view public.documented_mv is 'kept'`);
      expect((await run(options({ select: ['documented'], vars }))).success).toBe(true);
      const kept = await adapter.query(`select has_table_privilege($1, 'public.documented_view', 'select') as granted,
        obj_description('public.documented_view'::regclass, 'pg_class') as view, col_description('public.documented_view'::regclass, 1) as view_id,
        obj_description('public.documented_mv'::regclass, 'pg_class') as mv,
        (select count(*)::int from pg_indexes where indexname = 'documented_mv_id') as indexes`, [READER]);
      expect(kept.rows).toEqual([{ granted: true, view: 'A view on it.', view_id: 'The key, through the view.', mv: 'kept', indexes: 1 }]);
    });

    it('enforces a contract: types checked before the build, constraints on insert, the previous table intact on a violation', async () => {
      const { adapter, options } = fixture();
      expect((await run(options({ select: ['contracted'], vars }))).success).toBe(true);
      const notNull = await run(options({ select: ['contracted'], vars: { ...vars, null_name: true } }));
      expect(notNull.results[0]).toMatchObject({ status: 'error' });
      expect(notNull.results[0]!.message).toMatch(/null value in column "name"/);
      const wrongType = await run(options({ select: ['contracted'], vars: { ...vars, id_as_text: true } }));
      expect(wrongType.results[0]!.message).toContain("model 'contracted' breaks its contract: column id is text, the contract says integer");
      expect((await adapter.query('select id, name from public.contracted')).rows).toEqual([{ id: 1, name: 'a' }]);
      const constraints = await adapter.query<{ contype: string }>("select contype from pg_constraint where conrelid = 'public.contracted'::regclass and contype in ('c', 'p', 'u') order by contype");
      expect(constraints.rows.map((row) => row.contype)).toEqual(['c', 'p']);
    });

    it('applies a seed\'s indexes, comment and post-hook inside its load', async () => {
      const { adapter, options } = fixture();
      for (let time = 0; time < 2; time++) expect((await seed(options({ select: ['codes'], vars }))).results.map((result) => [result.status, result.message])).toEqual([['success', 'INSERT 2']]);
      expect((await adapter.query('select code from public.codes order by code')).rows).toEqual([{ code: 'aa' }, { code: 'bb' }, { code: 'zz' }]);
      expect((await adapter.query("select indexdef from pg_indexes where tablename = 'codes'")).rows).toEqual([
        { indexdef: expect.stringMatching(/^CREATE UNIQUE INDEX "?codes__idx_[0-9a-f]+"? ON public.codes USING btree \(code\)$/) },
      ]);
      expect((await adapter.query("select obj_description('public.codes'::regclass, 'pg_class') as comment")).rows).toEqual([{ comment: 'Codes.' }]);
    });
  });
});
