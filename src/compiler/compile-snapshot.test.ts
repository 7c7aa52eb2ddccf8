import { afterEach, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../config/project-config.js';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { compileProject } from './compile-project.js';
import type { CompiledModel, CompiledSnapshot } from './compiled-project.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function compile(files: Record<string, string>, yml = 'name: shop\nsources:\n  raw:\n    tables:\n      customers: {}\n') {
  project = writeProject({ 'project.yml': yml, ...files });
  return compileProject(loadProject(project.root), { target: TARGET });
}

function errors(files: Record<string, string>, yml?: string): { code: string; file?: string; line?: number; message: string }[] {
  try {
    compile(files, yml);
  } catch (error) {
    const list = error instanceof ErrorList ? error.errors : error instanceof TrevcoError ? [error] : [];
    if (list.length === 0) throw error;
    return list.map((e) => ({ code: e.code, file: e.file, line: e.line, message: e.message }));
  }
  throw new Error('expected compilation to fail');
}

const BLOCK = (config: string) => `-- customers over time
{% snapshot customers_snapshot %}
{{ config(${config}) }}
select * from {{ source('raw', 'customers') }}
{% endsnapshot %}
`;

describe('compiling snapshots', () => {
  it('compiles a block like a model, with its own id, relation and validated config; ref() from a model reads it', () => {
    const compiled = compile({
      'snapshots/customers.sql': BLOCK("unique_key=['id', 'region'], strategy='check', check_cols='all', target_schema='history', dbt_valid_to_current=\"'9999-12-31'::date\""),
      'models/current.sql': "select * from {{ ref('customers_snapshot') }} where dbt_valid_to is null",
    });
    const snapshot = compiled.nodes.get('snapshot.shop.customers_snapshot') as CompiledSnapshot;
    expect(snapshot).toMatchObject({
      resourceType: 'snapshot',
      materialized: 'snapshot',
      relation: { schema: 'history', identifier: 'customers_snapshot' },
      dependsOn: ['source.shop.raw.customers'],
      snapshot: { uniqueKey: ['id', 'region'], strategy: 'check', checkCols: 'all', hardDeletes: 'ignore', validToCurrent: "'9999-12-31'::date" },
    });
    expect(snapshot.compiledSql).toBe('select * from "raw"."customers"');
    expect((compiled.nodes.get('model.shop.current') as CompiledModel).compiledSql).toBe('select * from "history"."customers_snapshot" where dbt_valid_to is null');
    expect(compiled.graph.node('snapshot.shop.customers_snapshot').resourceType).toBe('snapshot');
    expect(compiled.graph.children('snapshot.shop.customers_snapshot')).toEqual(['model.shop.current']);
  });

  it('declares a snapshot in YAML with relation: (dbt 1.9); schema goes through the target schema rules; legacy invalidate_hard_deletes', () => {
    const compiled = compile({
      'snapshots/snapshots.yml': `snapshots:
  - name: customers_history
    relation: source('raw', 'customers')
    config: { schema: snap, unique_key: id, strategy: timestamp, updated_at: changed_at, invalidate_hard_deletes: true }
`,
    });
    expect(compiled.nodes.get('snapshot.shop.customers_history')).toMatchObject({
      path: 'snapshots/snapshots.yml',
      relation: { schema: 'snap', identifier: 'customers_history' },
      snapshot: { strategy: 'timestamp', updatedAt: 'changed_at', hardDeletes: 'invalidate' },
      compiledSql: 'select * from "raw"."customers"',
    });
  });

  it('reports bad config at compile with the line of the config() call, every problem at once', () => {
    expect(errors({ 'snapshots/customers.sql': BLOCK("strategy='timestamp', updated_at='updated_at'") })).toEqual([
      expect.objectContaining({ code: 'CONFIG', file: 'snapshots/customers.sql', line: 3, message: "snapshot 'customers_snapshot': a snapshot needs unique_key" }),
    ]);
    expect(errors({ 'snapshots/customers.sql': BLOCK("unique_key='id', strategy='timestmap'") })).toEqual([
      expect.objectContaining({ file: 'snapshots/customers.sql', line: 3, message: "snapshot 'customers_snapshot': unknown snapshot strategy 'timestmap'" }),
    ]);
    expect(errors({ 'snapshots/customers.sql': BLOCK("unique_key='id', strategy='check', hard_deletes='purge'") }).map((e) => e.message)).toEqual([
      "snapshot 'customers_snapshot': the check strategy needs check_cols",
      'snapshot \'customers_snapshot\': hard_deletes must be one of ignore, invalidate, new_record (found "purge")',
    ]);
    expect(errors({ 'snapshots/customers.sql': BLOCK("unique_key='id', strategy='timestamp'") })[0]).toMatchObject({ message: "snapshot 'customers_snapshot': the timestamp strategy needs updated_at, the column that tells a newer version" });
    expect(errors({ 'snapshots/customers.sql': BLOCK("unique_key='id', strategy='check', check_cols=['a'], target_database='other'") })[0]).toMatchObject({ message: "snapshot 'customers_snapshot': target_database is not supported on a snapshot" });
    expect(errors({ 'snapshots/customers.sql': BLOCK("unique_key='id', strategy='check', check_cols=['a'], post_hook='grant select on {{ this }} to x'") })[0]).toMatchObject({ message: "snapshot 'customers_snapshot': post-hook is not supported on a snapshot" });
  });

  it('takes folder defaults from project.yml snapshots:', () => {
    const compiled = compile(
      { 'snapshots/crm/customers.sql': "{% snapshot c %}select 1 as id{% endsnapshot %}" },
      'name: shop\nsnapshots:\n  +unique_key: id\n  crm:\n    +schema: crm_history\n    +strategy: check\n    +check_cols: all\n',
    );
    expect(compiled.nodes.get('snapshot.shop.c')).toMatchObject({ relation: { schema: 'crm_history', identifier: 'c' }, snapshot: { uniqueKey: ['id'], checkCols: 'all' } });
  });

  it('points a YAML snapshot\'s config problem at its entry', () => {
    expect(errors({
      'snapshots/snapshots.yml': "snapshots:\n  - name: s\n    relation: source('raw', 'customers')\n    config: { strategy: check }\n",
    })).toEqual([
      expect.objectContaining({ file: 'snapshots/snapshots.yml', line: 2, message: "snapshot 's': a snapshot needs unique_key" }),
      expect.objectContaining({ file: 'snapshots/snapshots.yml', line: 2, message: "snapshot 's': the check strategy needs check_cols" }),
    ]);
  });

  it('refuses malformed snapshot files and clashing names, with file and line', () => {
    expect(errors({ 'snapshots/a.sql': "{% snapshot a %}\nselect 1\n" })).toEqual([expect.objectContaining({ file: 'snapshots/a.sql', message: "snapshot 'a' has no {% endsnapshot %}" })]);
    expect(errors({ 'snapshots/a.sql': "select 1\n{% snapshot a %}select 1{% endsnapshot %}" })).toEqual([expect.objectContaining({ file: 'snapshots/a.sql', line: 1, message: 'text outside a {% snapshot %} block' })]);
    expect(errors({ 'snapshots/a.sql': 'select 1' })).toEqual([expect.objectContaining({ file: 'snapshots/a.sql', message: expect.stringContaining('holds no {% snapshot name %}') })]);
    expect(errors({ 'snapshots/a.sql': "\n\n{% snapshot %}select 1{% endsnapshot %}" })).toEqual([expect.objectContaining({ line: 3, message: expect.stringContaining('a snapshot block needs a name') })]);
    expect(errors({
      'snapshots/a.sql': "{% snapshot dup %}{{ config(unique_key='id', strategy='check', check_cols='all') }} select 1 as id{% endsnapshot %}",
      'models/dup.sql': 'select 1',
    })).toEqual([expect.objectContaining({ file: 'snapshots/a.sql', message: "snapshot 'dup' in snapshots/a.sql has the name of the model models/dup.sql" })]);
    expect(errors({ 'snapshots/s.yml': 'snapshots:\n  - name: ghost\n' })).toEqual([expect.objectContaining({ file: 'snapshots/s.yml', line: 2, message: "properties for snapshot 'ghost', but there is no snapshot of that name" })]);
  });

  it('a snapshot and a model writing one relation is DUPLICATE_RELATION at compile', () => {
    expect(errors({
      'snapshots/a.sql': "{% snapshot history %}{{ config(unique_key='id', strategy='check', check_cols='all', schema='hist') }} select 1 as id{% endsnapshot %}",
      'models/other.sql': "{{ config(schema='hist', alias='history') }} select 1 as id",
    })).toEqual([expect.objectContaining({ code: 'DUPLICATE_RELATION', message: expect.stringContaining('snapshot.shop.history') })]);
  });

  it('a template error inside a block is reported at the file\'s own line', () => {
    expect(errors({ 'snapshots/a.sql': "-- one\n-- two\n{% snapshot a %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect {{ ref('nope') }}\n{% endsnapshot %}" })).toEqual([
      expect.objectContaining({ code: 'REF_NOT_FOUND', file: 'snapshots/a.sql', line: 5 }),
    ]);
  });
});
