import { describe, expect, it } from 'vitest';
import type { Session } from '../../adapters/adapter.js';
import type { CompiledModel, CompiledSnapshot } from '../../compiler/compiled-project.js';
import { MATERIALIZATIONS } from '../../config/node-config-schema.js';
import { materializationFor, materializationForNode, SNAPSHOT_MATERIALIZATION } from '../index.js';
import type { PlanContext } from '../materialization.js';
import { planSnapshot, type SnapshotRelationState } from './plan-snapshot.js';
import { DEFAULT_COLUMN_NAMES } from './snapshot-config.js';

const NODE: CompiledSnapshot = {
  id: 'snapshot.p.customers_snapshot',
  hooks: { pre: [{ sql: 'select 1', transaction: true, label: 'pre-hook 1' }], post: [{ sql: 'insert into audit values (1)', transaction: true, label: 'post-hook 1' }] },
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
  compiledSql: 'select id, updated_at from "staging"."customers"',
  snapshot: { uniqueKey: ['id'], strategy: 'timestamp', updatedAt: 'updated_at', hardDeletes: 'ignore', columnNames: DEFAULT_COLUMN_NAMES },
  configLocations: { unique_key: { file: 'snapshots/customers.sql', line: 2 } },
};
const STATE: SnapshotRelationState = { existingColumns: [], sourceColumns: [{ name: 'id', type: 'integer' }, { name: 'updated_at', type: 'timestamp without time zone' }] };
const CONTEXT: PlanContext = { fullRefresh: true, runDate: '2025-01-01', upstreams: [] };

/** A session whose check query returns the given rows. */
function session(rows: Record<string, unknown>[]): Session {
  return { query: async () => ({ rows, rowCount: rows.length, command: 'SELECT' }) } as unknown as Session;
}

describe('the snapshot in the materialization registry', () => {
  it('a snapshot node gets the snapshot materialization; a model named materialized=snapshot does not', () => {
    expect(materializationForNode(NODE)).toBe(SNAPSHOT_MATERIALIZATION);
    expect(materializationForNode({ resourceType: 'model', materialized: 'table' } as CompiledModel).name).toBe('table');
    expect((MATERIALIZATIONS as readonly string[]).includes('snapshot')).toBe(false);
    expect(() => materializationFor('snapshot')).toThrow(/no materialization named 'snapshot'/);
  });

  it('validate is the snapshot config check', () => {
    expect(SNAPSHOT_MATERIALIZATION.validate({ name: 's', config: { strategy: 'timestamp', updated_at: 'u' } }).map((problem) => problem.key)).toEqual(['unique_key']);
  });

  it('plans one transaction: staging, then the key check in `then`, writes after it, hooks around (golden)', async () => {
    const planned = planSnapshot(NODE, STATE).statements;
    const plan = SNAPSHOT_MATERIALIZATION.plan(NODE, STATE, CONTEXT);
    const { then, ...step } = plan.steps[0]!;
    expect({ ...plan, steps: [step] }).toEqual({
      description: 'snapshot',
      action: 'created',
      counts: { inserted: 'INSERT' },
      steps: [{
        transaction: true,
        statements: [{ sql: 'select 1', hook: 'pre-hook 1' }, planned[0], planned[1], planned[2]],
        finally: [{ sql: 'insert into audit values (1)', hook: 'post-hook 1' }],
      }],
    });
    expect(await then!(session([]))).toEqual([planned[4], planned[5]]);
    await expect(then!(session([{ id: 7, copies: 2 }]))).rejects.toMatchObject({
      code: 'SNAPSHOT', file: 'snapshots/customers.sql', line: 2,
      message: expect.stringContaining('found id=7 (2 rows). Nothing was changed'),
    });
  });
});
