import { describe, expect, it } from 'vitest';
import type { CompiledSnapshot } from '../../compiler/compiled-project.js';
import { planSnapshot, SnapshotPlanError, type SnapshotRelationState } from './plan-snapshot.js';
import { DEFAULT_COLUMN_NAMES, type SnapshotConfig } from './snapshot-config.js';

function node(snapshot: Partial<SnapshotConfig>): CompiledSnapshot {
  return {
    id: 'snapshot.p.customers_snapshot',
    hooks: { pre: [], post: [] },
    resourceType: 'snapshot',
    name: 'customers_snapshot',
    packageName: 'p',
    path: 'snapshots/customers.sql',
    config: {},
    tags: [],
    dependsOn: [],
    checksum: '',
    materialized: 'snapshot',
    relation: { schema: 'snapshots', identifier: 'customers_snapshot' },
    rawSql: '',
    compiledSql: 'select id, country, updated_at from "staging"."customers"',
    snapshot: { uniqueKey: ['id'], strategy: 'timestamp', updatedAt: 'updated_at', hardDeletes: 'ignore', columnNames: DEFAULT_COLUMN_NAMES, ...snapshot },
    configLocations: {},
  };
}

const SOURCE = [{ name: 'id', type: 'integer' }, { name: 'country', type: 'text' }, { name: 'updated_at', type: 'timestamp without time zone' }];
const FIRST_RUN: SnapshotRelationState = { existingColumns: [], sourceColumns: SOURCE };
const LATER_RUN: SnapshotRelationState = {
  existing: { schema: 'snapshots', name: 'customers_snapshot', kind: 'table', comment: null },
  existingColumns: [{ name: 'id', type: 'integer' }, { name: 'updated_at', type: 'timestamp without time zone' }, { name: 'dbt_scd_id', type: 'text' }],
  sourceColumns: SOURCE,
};

describe('planSnapshot (golden plans)', () => {
  it('first run: stage the query, refuse duplicate or NULL keys, create the table with every row current', () => {
    expect(planSnapshot(node({}), FIRST_RUN)).toEqual({
      description: 'snapshot',
      action: 'created',
      statements: [
        { sql: 'create temporary table "__trevco_snapshot_source" on commit drop as (\nselect id, country, updated_at from "staging"."customers"\n)', embeds: 'model', lineOffset: 1 },
        { sql: 'create index on "__trevco_snapshot_source" ("id")' },
        { sql: 'analyze "__trevco_snapshot_source"' },
        {
          sql: 'select "id", count(*)::int as copies from "__trevco_snapshot_source" group by "id" having count(*) > 1 or "id" is null order by copies desc limit 5',
          assertNoRows: 'unique_key (id) must identify one row of the snapshot\'s query, without NULLs',
        },
        { sql: `create table "snapshots"."customers_snapshot" as select s.*, md5(coalesce(cast(s."id" as varchar), '') || '|' || coalesce(cast(s."updated_at" as varchar), '')) as "dbt_scd_id", s."updated_at" as "dbt_updated_at", s."updated_at" as "dbt_valid_from", nullif(s."updated_at", s."updated_at") as "dbt_valid_to" from "__trevco_snapshot_source" s with no data` },
        {
          sql: `insert into "snapshots"."customers_snapshot" select s.*, md5(coalesce(cast(s."id" as varchar), '') || '|' || coalesce(cast(s."updated_at" as varchar), '')) as "dbt_scd_id", s."updated_at" as "dbt_updated_at", s."updated_at" as "dbt_valid_from", nullif(s."updated_at", s."updated_at") as "dbt_valid_to" from "__trevco_snapshot_source" s`,
          counts: 'inserted',
        },
      ],
    });
  });

  it('later run, check strategy with hard_deletes new_record: lock, new columns, changes in one pass, close, insert, deletions', () => {
    const plan = planSnapshot(node({ strategy: 'check', checkCols: ['country'], hardDeletes: 'new_record', validToCurrent: "'9999-12-31'::timestamp" }), LATER_RUN);
    expect(plan.action).toBe('snapshotted');
    const current = `(t."dbt_valid_to" is null or t."dbt_valid_to" = '9999-12-31'::timestamp)`;
    const scd = (alias: string, at: string) => `md5(coalesce(cast(${alias}."id" as varchar), '') || '|' || coalesce(cast(${at} as varchar), ''))`;
    const now = 'now()::timestamp without time zone';
    const columns = '"id", "country", "updated_at", "dbt_scd_id", "dbt_updated_at", "dbt_valid_from", "dbt_valid_to", "dbt_is_deleted"';
    expect(plan.statements.map((statement) => statement.sql)).toEqual([
      'lock table "snapshots"."customers_snapshot" in share row exclusive mode',
      'create temporary table "__trevco_snapshot_source" on commit drop as (\nselect id, country, updated_at from "staging"."customers"\n)',
      'create index on "__trevco_snapshot_source" ("id")',
      'analyze "__trevco_snapshot_source"',
      'select "id", count(*)::int as copies from "__trevco_snapshot_source" group by "id" having count(*) > 1 or "id" is null order by copies desc limit 5',
      'alter table "snapshots"."customers_snapshot" add column "country" text',
      'alter table "snapshots"."customers_snapshot" add column "dbt_is_deleted" text',
      `create temporary table "__trevco_snapshot_changes" on commit drop as
select s."id", s."country", s."updated_at", ${scd('s', 's."updated_at"')} as "dbt_scd_id", s."updated_at" as "dbt_updated_at", s."updated_at" as "dbt_valid_from", coalesce(nullif(s."updated_at", s."updated_at"), '9999-12-31'::timestamp) as "dbt_valid_to", 'False'::text as "dbt_is_deleted", t."dbt_scd_id" as "__trevco_closes"
from "__trevco_snapshot_source" s
left join "snapshots"."customers_snapshot" t on s."id" = t."id" and ${current}
where t."dbt_scd_id" is null or (s."country" is distinct from t."country") or t."dbt_is_deleted" = 'True'`,
      'analyze "__trevco_snapshot_changes"',
      `update "snapshots"."customers_snapshot" t set "dbt_valid_to" = c."dbt_valid_from"
from "__trevco_snapshot_changes" c
where c."__trevco_closes" is not null and t."dbt_scd_id" = c."__trevco_closes" and ${current}`,
      `insert into "snapshots"."customers_snapshot" (${columns})\nselect ${columns} from "__trevco_snapshot_changes"`,
      `create temporary table "__trevco_snapshot_gone" on commit drop as
select t.* from "snapshots"."customers_snapshot" t
where ${current} and t."dbt_is_deleted" is distinct from 'True' and not exists (select from "__trevco_snapshot_source" s where s."id" = t."id")`,
      'analyze "__trevco_snapshot_gone"',
      `update "snapshots"."customers_snapshot" t set "dbt_valid_to" = ${now}
from "__trevco_snapshot_gone" g
where t."dbt_scd_id" = g."dbt_scd_id" and ${current}`,
      `insert into "snapshots"."customers_snapshot" (${columns})
select g."id", g."country", g."updated_at", ${scd('g', now)}, ${now}, ${now}, coalesce(nullif(${now}, ${now}), '9999-12-31'::timestamp), 'True'::text
from "__trevco_snapshot_gone" g`,
    ]);
    expect(plan.statements.map((statement) => statement.counts ?? '')).toEqual(['', '', '', '', '', '', '', '', '', 'closed', 'inserted', '', '', 'closed', 'inserted']);
    expect(plan.statements[4]).toMatchObject({ assertNoRows: expect.stringContaining('unique_key (id)') });
  });

  it('timestamp strategy compares updated_at with the current version\'s start', () => {
    const plan = planSnapshot(node({}), LATER_RUN);
    const changes = plan.statements.find((statement) => statement.sql.includes('__trevco_snapshot_changes" on commit'))!;
    expect(changes.sql).toContain('where t."dbt_scd_id" is null or (t."dbt_valid_from" < s."updated_at")');
    expect(plan.statements.some((statement) => statement.sql.includes('__trevco_snapshot_gone'))).toBe(false);
  });

  it('renamed meta columns are used everywhere', () => {
    const names = { ...DEFAULT_COLUMN_NAMES, dbt_valid_from: 'valid_from', dbt_valid_to: 'valid_to' };
    const sql = planSnapshot(node({ columnNames: names }), LATER_RUN).statements.map((statement) => statement.sql).join('\n');
    expect(sql).toContain('"valid_to" is null');
    expect(sql).toContain('as "valid_from"');
    expect(sql).not.toMatch(/"dbt_valid_(from|to)"/);
  });

  it('refuses a config naming columns the query lacks, a meta column in the query, and a relation that is not a table', () => {
    const fail = (snapshot: Partial<SnapshotConfig>, state: SnapshotRelationState) => {
      try {
        planSnapshot(node(snapshot), state);
      } catch (error) {
        return error instanceof SnapshotPlanError ? { key: error.key, message: error.message } : error;
      }
      return undefined;
    };
    expect(fail({ strategy: 'check', checkCols: ['country', 'email'] }, FIRST_RUN)).toEqual({ key: 'check_cols', message: "check_cols names 'email', which the snapshot's query does not return" });
    expect(fail({ uniqueKey: ['customer_id'] }, FIRST_RUN)).toMatchObject({ key: 'unique_key' });
    expect(fail({ updatedAt: 'modified' }, FIRST_RUN)).toMatchObject({ key: 'updated_at' });
    expect(fail({}, { ...FIRST_RUN, sourceColumns: [...SOURCE, { name: 'dbt_valid_to', type: 'date' }] })).toMatchObject({ key: 'snapshot_meta_column_names' });
    expect(fail({}, { ...LATER_RUN, existing: { ...LATER_RUN.existing!, kind: 'view' } })).toMatchObject({ message: 'snapshots.customers_snapshot is a view, not a snapshot table' });
  });
});
