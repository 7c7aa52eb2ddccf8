import { afterEach, describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import type { PgliteTarget } from '../config/project-config.js';
import { compileProject } from './compile-project.js';
import type { CompiledModel } from './compiled-project.js';
import { buildManifest } from '../artifacts/write-manifest.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function compile(files: Record<string, string>, yml = 'name: shop\n') {
  project = writeProject({ 'project.yml': yml, ...files });
  return compileProject(loadProject(project.root), { target: TARGET });
}

function compileErrors(files: Record<string, string>, yml?: string): TrevcoError[] {
  try {
    compile(files, yml);
  } catch (error) {
    if (error instanceof ErrorList) return [...error.errors];
    if (error instanceof TrevcoError) return [error];
    throw error;
  }
  throw new Error('expected compilation to fail');
}

describe('node config checked at compile', () => {
  it('reports every bad config() value together, each at the line of its key, before anything runs', () => {
    const errors = compileErrors({
      'models/a.sql': [
        '{{ config(',
        "    materialized='tabel',",
        '    unique_key=5,',
        "    post_hook=3",
        ') }}',
        'select 1 as id',
      ].join('\n'),
      'models/b.sql': "{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='at') }}\nselect 1 as id",
      'models/c.sql': "{{ config(materialized='view', indexes=[{'columns': ['id']}]) }}\nselect 1 as id",
      'models/d.sql': "{{ config(materialized='incremental', incremental_strategy='merge') }}\nselect 1 as id",
      'models/e.sql': "{{ config(severity='warn') }}\nselect 1 as id",
    });
    expect(errors.map((error) => [error.code, error.file, error.line, error.message])).toEqual([
      ['CONFIG', 'models/a.sql', 2, "model 'a' has materialized='tabel'; expected one of view, table, incremental, ephemeral, materialized_view"],
      ['CONFIG', 'models/a.sql', 3, "model 'a' has unique_key=5; expected a column name or a non-empty list of column names"],
      ['CONFIG', 'models/a.sql', 4, "model 'a' has post-hook=3; expected SQL text, a { sql, transaction } mapping, or a list of them"],
      ['CONFIG', 'models/b.sql', 1, "microbatch model 'b' needs begin, the first batch's date"],
      ['CONFIG', 'models/c.sql', 1, "model 'c' is a view, which cannot have indexes"],
      ['CONFIG', 'models/d.sql', 1, "model 'd' uses incremental_strategy='merge', which needs a unique_key"],
      ['CONFIG', 'models/e.sql', 1, "model 'e' sets severity, which only applies to tests"],
    ]);
    expect(errors[0]!.hint).toBe("did you mean 'table'?");
  });

  it('rejects constraints without an enforced contract, and a contract without column types', () => {
    const errors = compileErrors({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': 'select 1 as id',
      'models/props.yml': [
        'models:',
        '  - name: a',
        '    columns: [{ name: id, constraints: [{ type: not_null }] }]',
        '  - name: b',
        '    config: { contract: { enforced: true } }',
        '    columns: [{ name: id }]',
      ].join('\n'),
    });
    expect(errors.map((error) => error.message)).toEqual([
      "model 'a' declares constraints, which are only enforced with contract: {enforced: true}",
      "model 'b' enforces a contract, but column id has no data_type",
    ]);
  });

  it('makes what a hook refers to a dependency, so the hook runs after it is built', () => {
    const compiled = compile({
      'models/a.sql': "{{ config(post_hook=\"insert into {{ ref('log') }} select count(*) from {{ this }}\") }}\nselect 1 as id",
      'models/log.sql': "{{ config(materialized='table') }}\nselect 0 as n",
    });
    const a = compiled.nodes.get('model.shop.a') as CompiledModel;
    expect(a.dependsOn).toEqual(['model.shop.log']);
    expect(a.hooks.post[0]!.sql).toBe('insert into "analytics"."log" select count(*) from "analytics"."a"');
    expect(compileErrors({ 'models/a.sql': "{{ config(post_hook=\"select * from {{ ref('nope') }}\") }}\nselect 1 as id" }).map((error) => error.message))
      .toEqual(["model 'a' refers to 'nope', which does not exist"]);
  });

  it('carries docs, meta, column types and constraints into manifest.json', () => {
    const compiled = compile({
      'models/a.sql': "{{ config(materialized='table', meta={'owner': 'sales'}) }}\nselect 1 as id",
      'models/props.yml': [
        'models:',
        '  - name: a',
        '    description: The a.',
        '    docs: { show: false, node_color: red }',
        '    meta: { tier: 1 }',
        '    config: { contract: { enforced: true } }',
        '    columns:',
        '      - { name: id, description: The key., data_type: int, constraints: [{ type: not_null }] }',
      ].join('\n'),
    });
    const node = buildManifest(compiled).nodes['model.shop.a']!;
    expect(node).toMatchObject({
      description: 'The a.',
      meta: { tier: 1, owner: 'sales' },
      docs: { show: false, node_color: 'red' },
      config: { meta: { tier: 1, owner: 'sales' }, docs: { show: false, node_color: 'red' }, contract: { enforced: true } },
      contract: { enforced: true },
      columns: { id: { name: 'id', description: 'The key.', data_type: 'int', constraints: [{ type: 'not_null' }] } },
    });
  });

  it('rejects a model-only key in a singular test\'s config(), at its line', () => {
    const errors = compileErrors({ 'models/a.sql': 'select 1 as id', 'tests/t.sql': "{{ config(\n  materialized='table') }}\nselect * from {{ ref('a') }} where false" });
    expect(errors.map((error) => [error.file, error.line, error.message])).toEqual([['tests/t.sql', 2, "test 't' sets materialized, which only applies to models"]]);
  });

  it('rejects a test fail_calc other than count(*), which trevco would not apply', () => {
    const errors = compileErrors({
      'models/a.sql': 'select 1 as id',
      'models/props.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests:\n          - not_null: { config: { fail_calc: "sum(id)" } }\n',
    });
    expect(errors.map((error) => [error.file, error.line, error.message])).toEqual([
      ['models/props.yml', 6, "test fail_calc 'sum(id)' is not supported: trevco counts failing rows (count(*))"],
    ]);
  });

  it('renders hooks with the node\'s context, keeps before_begin/after_commit outside the transaction, and renders on-run hooks', () => {
    const compiled = compile({
      'models/a.sql': [
        "{{ config(materialized='incremental', pre_hook=before_begin(\"lock {{ this }}\"), post_hook=[\"analyze {{ this }}\", after_commit(\"select '{{ 'inc' if is_incremental() else 'full' }}'\")]) }}",
        'select 1 as id',
      ].join('\n'),
    }, "name: shop\nvars: { who: me }\non-run-start: \"select '{{ var('who') }} on {{ target.name }}'\"\n");
    const a = compiled.nodes.get('model.shop.a') as CompiledModel;
    expect(a.hooks).toEqual({
      pre: [{ sql: 'lock "analytics"."a"', transaction: false, label: 'pre-hook 1' }],
      post: [
        { sql: 'analyze "analytics"."a"', transaction: true, label: 'post-hook 1' },
        { sql: "select 'full'", transaction: false, label: 'post-hook 2' },
      ],
    });
    expect(a.incrementalHooks?.post[1]).toEqual({ sql: "select 'inc'", transaction: false, label: 'post-hook 2' });
    expect(compiled.onRunStart).toEqual([{ sql: "select 'me on dev'", transaction: true, label: 'on-run-start 1' }]);
    const withSchemas = compile({ 'models/a.sql': "{{ config(schema='marts') }}\nselect 1 as id", 'models/b.sql': 'select 1 as id' },
      "name: shop\non-run-end: \"{% for s in schemas %}grant usage on schema {{ s }} to reporter;{% endfor %}\"\n");
    expect(withSchemas.onRunEnd[0]!.sql).toBe('grant usage on schema analytics to reporter;grant usage on schema marts to reporter;');
    expect(compileErrors({ 'models/a.sql': 'select 1 as id' }, "name: shop\non-run-end: \"{% for r in results %}select 1;{% endfor %}\"\n").map((error) => error.message))
      .toEqual(['on-run-end uses `results`, which trevco does not provide: on-run hooks are rendered before the run']);
  });
});
