import { describe, expect, it } from 'vitest';
import type { CompiledModel } from '../compiler/compiled-project.js';
import { materializationFor, type Plan, type PlanContext, type RelationState } from './index.js';
import { materializedViewComment } from './rebuild-relation.js';
import type { SeedNode } from '../compiler/compiled-project.js';
import { planSeed } from './seed-plan.js';
import { planMicrobatch } from './incremental/plan-microbatch.js';
import { STEP_ROWS } from './plan.js';
import { MATERIALIZATIONS } from '../config/node-config-schema.js';
import { MATERIALIZATION_REGISTRY } from './index.js';

function model(overrides: Partial<CompiledModel> = {}): CompiledModel {
  return {
    id: 'model.shop.orders', resourceType: 'model', name: 'orders', packageName: 'shop', path: 'models/orders.sql',
    config: {}, tags: [], dependsOn: [], checksum: '', materialized: 'table', relation: { schema: 'marts', identifier: 'orders' },
    rawSql: '', compiledSql: 'select 1 as id', hooks: { pre: [], post: [] }, ...overrides,
  };
}

const CONTEXT: PlanContext = { fullRefresh: false, runDate: '2025-01-31', upstreams: [] };

function planModel(compiled: CompiledModel, existing: RelationState['existing']): Plan {
  const state: RelationState = { existing, columns: [{ name: 'id', type: 'integer' }] };
  return materializationFor(compiled.materialized).plan(compiled, compiled.materialized === 'incremental' ? { microbatch: false, relation: state } : state, CONTEXT);
}

const short = (sql: string) => (sql.startsWith('do $trevco$') ? `do: ${sql.split('\n').length} lines` : sql);

/** The one-transaction plan's statements, with the hooks steps before and after it. */
const sqlOf = (plan: Plan) => {
  const main = plan.steps.find((step) => step.transaction)!;
  const outside = (index: number) => (plan.steps[index] && !plan.steps[index]!.transaction ? plan.steps[index]!.statements.map((s) => s.sql) : undefined);
  return {
    beforeBegin: outside(0),
    statements: main.statements.map((s) => short(s.sql)),
    finally: main.finally?.map((s) => s.sql),
    afterCommit: outside(plan.steps.length - 1),
  };
};

/** A seed node with every config a seed plan applies, for golden plan tests. */
const seedPlanFixture: SeedNode = {
  id: 'seed.shop.codes', resourceType: 'seed', name: 'codes', packageName: 'shop', path: 'seeds/codes.csv', absolutePath: '/x/seeds/codes.csv',
  config: { indexes: [{ columns: ['code'], unique: false, type: 'hash' }], persist_docs: { relation: true }, grants: { select: ['reporter'] } },
  tags: [], dependsOn: [], checksum: '', description: 'Codes.', relation: { schema: 'raw', identifier: 'codes' },
  hooks: { pre: [{ sql: 'delete from audit', transaction: true, label: 'pre-hook 1' }], post: [{ sql: 'insert into audit values (1)', transaction: true, label: 'post-hook 1' }] },
};

describe('planModel (golden plans)', () => {
  it('a table: build under the staging name, indexes and comments on it, swap, rename the indexes, grant', () => {
    const plan = planModel(model({
      description: 'Orders.',
      config: { indexes: [{ columns: ['id'], unique: true }], persist_docs: { relation: true, columns: true }, grants: { select: ['reporter'] } },
      properties: { name: 'orders', config: {}, columns: [{ name: 'id', description: 'The key.' }], tests: [], file: 'models/p.yml', line: 1 },
      hooks: {
        pre: [{ sql: 'select 1', transaction: true, label: 'pre-hook 1' }, { sql: 'select 0', transaction: false, label: 'pre-hook 2' }],
        post: [{ sql: 'select 2', transaction: true, label: 'post-hook 1' }, { sql: 'select 3', transaction: false, label: 'post-hook 2' }],
      },
    }), { schema: 'marts', name: 'orders', kind: 'table', comment: null });
    expect(sqlOf(plan)).toEqual({
      beforeBegin: ['select 0'],
      statements: [
        'select 1',
        'do: 11 lines',
        'create table "marts"."orders__trevco_new" as (\nselect 1 as id\n) with no data',
        'insert into "marts"."orders__trevco_new" (\nselect 1 as id\n)',
        'create unique index "orders__idx_fda5f26f__trevco_new" on "marts"."orders__trevco_new" ("id")',
        `comment on table "marts"."orders__trevco_new" is 'Orders.'`,
        `comment on column "marts"."orders__trevco_new"."id" is 'The key.'`,
        expect.stringMatching(/^do: \d+ lines$/),
        'alter index "marts"."orders__idx_fda5f26f__trevco_new" rename to "orders__idx_fda5f26f"',
        'grant select on table "marts"."orders" to "reporter"',
      ],
      finally: ['select 2'],
      afterCommit: ['select 3'],
    });
    expect(plan.steps).toHaveLength(3);
    expect(plan.steps[1]!.statements[0]).toMatchObject({ hook: 'pre-hook 1' });
    expect(plan.steps[1]!.statements[3]).toMatchObject({ embeds: 'model', lineOffset: 1, reportsRows: true });
  });

  it('a contracted table: the SQL\'s shape is checked, then the table is created with the declared types and constraints', () => {
    const plan = planModel(model({
      config: { contract: { enforced: true } },
      properties: {
        name: 'orders', config: {}, tests: [], file: 'models/p.yml', line: 1,
        columns: [{ name: 'id', dataType: 'int', constraints: [{ type: 'primary_key' }] }, { name: 'total', dataType: 'numeric', constraints: [{ type: 'check', expression: 'total >= 0' }] }],
        constraints: [{ type: 'unique', columns: ['id', 'total'], name: 'orders_uq' }],
      },
    }), undefined);
    expect(sqlOf(plan).statements).toEqual([
      'do: 11 lines',
      'create temporary table "orders__trevco_contract" on commit drop as (\nselect 1 as id\n) with no data',
      expect.stringMatching(/^do: \d+ lines$/),
      'create table "marts"."orders__trevco_new" (\n  "id" int primary key,\n  "total" numeric check (total >= 0),\n  constraint "orders_uq" unique ("id", "total")\n)',
      'insert into "marts"."orders__trevco_new" ("id", "total")\nselect "id", "total" from (\nselect 1 as id\n) as "__trevco_contract_rows"',
      'alter table "marts"."orders__trevco_new" rename to "orders"',
    ]);
    expect(plan.steps[0]!.statements[2]!.sql).toContain(`(values (1, 'id', 'int'), (2, 'total', 'numeric'))`);
  });

  it('--full-refresh rebuilds an unchanged materialized view, unless it says full_refresh: false', () => {
    const mv = model({ materialized: 'materialized_view' });
    const existing = { schema: 'marts', name: 'orders', kind: 'materialized_view' as const, comment: materializedViewComment(mv) };
    const plan = (config: CompiledModel['config']) => materializationFor('materialized_view').plan({ ...mv, config }, { existing }, { ...CONTEXT, fullRefresh: true });
    expect(plan({}).action).toBe('created');
    expect(plan({ full_refresh: false }).action).toBe('refreshed');
  });

  it('an unchanged materialized view is refreshed; its grants are synchronised in place', () => {
    const mv = model({ materialized: 'materialized_view', config: { grants: { select: ['a', 'b'] } } });
    const plan = planModel(mv, { schema: 'marts', name: 'orders', kind: 'materialized_view', comment: materializedViewComment(mv) });
    expect(sqlOf(plan).statements).toEqual([
      'refresh materialized view "marts"."orders"',
      'do: 14 lines',
      'do: 14 lines',
      'grant select on table "marts"."orders" to "a", "b"',
    ]);
    expect(plan.steps[0]!.statements[1]!.sql).toContain("starts_with(i.relname, 'orders__idx_') and pg_catalog.length(i.relname) = 20");
    expect(plan.steps[0]!.statements[2]!.sql).toContain(`array['SELECT a', 'SELECT b']::text[]`);
  });

  it('a seed: pre-hooks at the start of its load, indexes, comment, grants and post-hooks after the swap', () => {
    const plan = planSeed(seedPlanFixture);
    expect({ ...plan, atStart: plan.atStart.map((s) => s.sql), beforeBegin: plan.beforeBegin.map((s) => s.sql), beforeCommit: plan.beforeCommit.map((s) => s.sql.split('\n')[0]), afterCommit: plan.afterCommit.map((s) => s.sql) }).toEqual({
      beforeBegin: [],
      atStart: ['delete from audit'],
      beforeCommit: [
        'do $trevco$',
        'create index if not exists "codes__idx_2f3e2f6b" on "raw"."codes" using hash ("code")',
        `comment on table "raw"."codes" is 'Codes.'`,
        'do $trevco$',
        'grant select on table "raw"."codes" to "reporter"',
        'insert into audit values (1)',
      ],
      afterCommit: [],
    });
  });

  it('registers one materialization for every materialized= the config schema accepts', () => {
    expect(Object.keys(MATERIALIZATION_REGISTRY).sort()).toEqual([...MATERIALIZATIONS].sort());
  });

  it('a view and an ephemeral model', () => {
    expect(sqlOf(planModel(model({ materialized: 'view' }), undefined)).statements).toEqual([
      'do: 11 lines',
      'create view "marts"."orders__trevco_new" as (\nselect 1 as id\n)',
      'alter view "marts"."orders__trevco_new" rename to "orders"',
    ]);
    expect(planModel(model({ materialized: 'ephemeral', relation: undefined }), undefined)).toEqual({ steps: [], description: 'ephemeral' });
  });

  it('an incremental model: a full build first, then its is_incremental() SQL staged, with the rest planned once staged', () => {
    const incremental = model({ materialized: 'incremental', config: { unique_key: 'id' }, incrementalSql: 'select 2 as id', incrementalHooks: { pre: [], post: [] } });
    expect(sqlOf(planModel(incremental, undefined)).statements).toEqual([
      'do: 11 lines',
      'create table "marts"."orders__trevco_new" as (\nselect 1 as id\n) with no data',
      'insert into "marts"."orders__trevco_new" (\nselect 1 as id\n)',
      'alter table "marts"."orders__trevco_new" rename to "orders"',
    ]);
    const merge = planModel(incremental, { schema: 'marts', name: 'orders', kind: 'table', comment: null });
    expect(merge).toMatchObject({ description: 'incremental', action: 'merged' });
    expect(merge.steps).toEqual([{
      transaction: true,
      statements: [{ sql: 'create temporary table "orders__trevco_incr" on commit drop as (\nselect 2 as id\n)', embeds: 'incremental', lineOffset: 1 }],
      then: expect.any(Function),
    }]);
  });

  it('a microbatch run: one step per batch, each its own transaction, a failed one forgotten and the others going on', () => {
    const batched = model({ materialized: 'incremental', id: 'model.shop.daily', incrementalSql: 'select * from t where at >= __TREVCO_EVENT_TIME_START__ and at < __TREVCO_EVENT_TIME_END__', incrementalHooks: { pre: [], post: [{ sql: 'analyze x', transaction: true, label: 'post-hook 1' }] } });
    const config = { eventTime: 'at', batchSize: 'day' as const, begin: new Date('2025-01-01T00:00:00Z'), lookback: 1, rebuildStale: true, detectMovedRows: false };
    const batches = [{ start: '2025-01-30 00:00:00', end: '2025-01-31 00:00:00' }, { start: '2025-01-31 00:00:00', end: '2025-02-01 00:00:00' }];
    const plan = planMicrobatch(batched, { mode: 'batches', config, columns: ['at', 'n'], batches }, CONTEXT);
    expect(plan).toMatchObject({ description: 'incremental', action: 'built batches', unit: 'batches', details: { batches: batches.map((batch) => batch.start) } });
    expect(plan.steps.map((step) => ({ ...step, statements: step.statements.map((s) => s.sql.split('\n')[0]) }))).toEqual([
      ...batches.map((batch) => ({
        label: batch.start.slice(0, 10),
        key: batch.start,
        transaction: true,
        statements: [
          `delete from "marts"."orders" where "at" >= '${batch.start}'::timestamp and "at" < '${batch.end}'::timestamp`,
          'insert into "marts"."orders" ("at", "n")',
          'insert into trevco.microbatch_state (model_id, batch_start, batch_end, built_at, rows) values ($1, $2::timestamp, $3::timestamp, now(), $4)',
        ],
        onError: 'continue',
        onFailure: [{ sql: 'delete from trevco.microbatch_state where model_id = $1 and batch_start = $2::timestamp', params: ['model.shop.daily', batch.start] }],
      })),
      { transaction: true, statements: ['do $trevco$', 'analyze x'], skipAfterFailure: true },
    ]);
    expect(plan.steps[0]!.statements[1]!.sql).toContain(`where at >= '2025-01-30 00:00:00'::timestamp and at < '2025-01-31 00:00:00'::timestamp`);
    expect(plan.steps[0]!.statements[2]!.params).toEqual(['model.shop.daily', batches[0]!.start, batches[0]!.end, STEP_ROWS]);
  });
});
