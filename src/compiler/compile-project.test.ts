import { afterEach, describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import type { PgliteTarget } from '../config/project-config.js';
import { compileProject } from './compile-project.js';
import type { CompiledModel } from './compiled-project.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function compile(files: Record<string, string>, yml = 'name: shop\n', runDate?: string) {
  project = writeProject({ 'project.yml': yml, ...files });
  return compileProject(loadProject(project.root), { target: TARGET, runDate });
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

function model(compiled: ReturnType<typeof compile>, name: string): CompiledModel {
  return compiled.nodes.get(`model.shop.${name}`) as CompiledModel;
}

describe('compileProject', () => {
  it('renders ref, source, var, macros and Jinja habits with quoted relation names', () => {
    const compiled = compile({
      'macros/money.sql': "{% macro to_cents(col) -%} ({{ col }} * 100)::bigint {%- endmacro %}",
      'models/a.sql': "{{ config(materialized='table', schema='staging') }}\nselect 1 as id",
      'models/b.sql': [
        "{% set cols = ['x', 'y'] %}",
        "{% set extra = [] %}{% do extra.append('z') %}",
        "select {% for c in cols %}{{ c }}, {% endfor %}{% for c in extra %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %},",
        "  {{ to_cents('price') }} as cents, {{ var('limit', 5) }} as lim, '{{ run_date }}' as d",
        "from {{ ref('a') }} join {{ source('raw', 'orders') }} using (id)",
        '{%- if is_incremental() %} where false {% endif %}',
      ].join('\n'),
    }, 'name: shop\nsources:\n  raw:\n    tables:\n      orders: {}\n', '2025-03-04');
    expect(model(compiled, 'b').compiledSql).toBe([
      'select x, y, z,',
      "  (price * 100)::bigint as cents, 5 as lim, '2025-03-04' as d",
      'from "staging"."a" join "raw"."orders" using (id)',
    ].join('\n'));
    expect(model(compiled, 'b').dependsOn).toEqual(['model.shop.a', 'source.shop.raw.orders']);
    expect(model(compiled, 'a').relation).toEqual({ schema: 'staging', identifier: 'a' });
    expect(model(compiled, 'b').relation).toEqual({ schema: 'analytics', identifier: 'b' });
    expect(model(compiled, 'b').materialized).toBe('view');
  });

  it('renders the is_incremental() variant only for incremental models', () => {
    const compiled = compile({
      'models/inc.sql': "{{ config(materialized='incremental', unique_key='id') }}\nselect 1 as id\n{% if is_incremental() %}where id > (select max(id) from {{ this }}){% endif %}",
    });
    expect(model(compiled, 'inc').compiledSql).toBe('select 1 as id');
    expect(model(compiled, 'inc').incrementalSql).toBe('select 1 as id\nwhere id > (select max(id) from "analytics"."inc")');
  });

  it('inlines ephemeral models as CTEs, merging into an existing WITH and nesting ephemeral chains', () => {
    const compiled = compile({
      'models/e1.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      'models/e2.sql': "{{ config(materialized='ephemeral') }}\nselect id from {{ ref('e1') }}",
      'models/final.sql': "-- a comment\nwith extra as (select 2 as id)\nselect * from {{ ref('e2') }} union all select * from extra",
    });
    expect(model(compiled, 'final').compiledSql).toBe([
      '-- a comment',
      'with "__trevco_cte__e2" as (',
      'with "__trevco_cte__e1" as (',
      'select 1 as id',
      ')',
      'select id from "__trevco_cte__e1"',
      '),',
      'extra as (select 2 as id)',
      'select * from "__trevco_cte__e2" union all select * from extra',
    ].join('\n'));
    expect(model(compiled, 'final').dependsOn).toEqual(['model.shop.e2']);
  });

  it('layers config: folder defaults < properties YAML < config() in the model, with additive tags', () => {
    const compiled = compile({
      'models/marts/m.sql': "{{ config(tags=['daily'], alias='m_final') }}\nselect 1",
      'models/marts/schema.yml': 'version: 2\nmodels:\n  - name: m\n    config:\n      materialized: table\n      tags: [yaml]\n',
    }, 'name: shop\nmodels:\n  +materialized: view\n  marts:\n    +schema: marts\n    +tags: [mart]\n');
    const m = model(compiled, 'm');
    expect(m.materialized).toBe('table');
    expect(m.relation).toEqual({ schema: 'marts', identifier: 'm_final' });
    expect([...m.tags].sort()).toEqual(['daily', 'mart', 'yaml']);
  });

  it('leaves disabled models out of the graph', () => {
    const compiled = compile({ 'models/off.sql': "{{ config(enabled=false) }}\nselect 1", 'models/on.sql': 'select 1' });
    expect(compiled.nodes.has('model.shop.off')).toBe(false);
    expect(compiled.graph.has('model.shop.on')).toBe(true);
  });

  it('reports every problem together: syntax error, unknown ref with a suggestion, unknown source, unknown var', () => {
    const errors = compileErrors({
      'models/stg_orders.sql': 'select 1 as id',
      'models/syntax.sql': 'select 1\n{% if %}',
      'models/fact.sql': "select *\nfrom {{ ref('stg_order') }}",
      'models/src.sql': "select * from {{ source('raw', 'nope') }}",
      'models/uses_var.sql': "select 1\nwhere x = {{ var('undefined_var') }}",
    });
    const byFile = Object.fromEntries(errors.map((error) => [error.file, error]));
    expect(Object.keys(byFile).sort()).toEqual(['models/fact.sql', 'models/src.sql', 'models/syntax.sql', 'models/uses_var.sql']);
    expect(byFile['models/syntax.sql']).toMatchObject({ code: 'TEMPLATE', line: 2 });
    expect(byFile['models/fact.sql']).toMatchObject({
      code: 'REF_NOT_FOUND',
      line: 2,
      column: 9,
      message: "model 'fact' refers to 'stg_order', which does not exist",
      hint: "did you mean 'stg_orders'?",
    });
    expect(byFile['models/src.sql']).toMatchObject({ code: 'REF_NOT_FOUND', message: "model 'src' reads source 'raw.nope', which is not declared" });
    expect(byFile['models/uses_var.sql']).toMatchObject({ code: 'TEMPLATE', line: 2, message: "'uses_var' uses var 'undefined_var', which is not defined" });
  });

  it('reports a dependency cycle with its whole path', () => {
    const errors = compileErrors({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('CYCLE');
    expect(errors[0]!.message).toMatch(/dependency cycle: (a -> b -> c -> a|a -> c -> b -> a)/);
  });

  it('reports two models with the same name in different folders', () => {
    const errors = compileErrors({ 'models/x/dup.sql': 'select 1', 'models/y/dup.sql': 'select 2' });
    expect(errors[0]).toMatchObject({ code: 'CONFIG', file: 'models/y/dup.sql', message: "two models are named 'dup': models/x/dup.sql and models/y/dup.sql" });
  });

  it('rejects an unknown materialization with a suggestion', () => {
    const errors = compileErrors({ 'models/m.sql': "{{ config(materialized='tabel') }}\nselect 1" });
    expect(errors[0]).toMatchObject({ code: 'CONFIG', file: 'models/m.sql', hint: "did you mean 'table'?" });
  });
});
