import { afterEach, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../../config/project-config.js';
import { ErrorList, TrevcoError } from '../../errors/trevco-error.js';
import { loadProject } from '../../project/load-project.js';
import { writeProject, type TempProject } from '../../testing/temp-project.js';
import { compileProject } from '../compile-project.js';
import type { CompiledModel } from '../compiled-project.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

const DBT_PROJECT = "name: shop\nconfig-version: 2\nprofile: shop\n";

function compile(files: Record<string, string>, dbtProject = DBT_PROJECT) {
  project = writeProject({ 'dbt_project.yml': dbtProject, ...files });
  return compileProject(loadProject(project.root, { env: {}, home: project.root }), { target: TARGET });
}

function sql(files: Record<string, string>, dbtProject?: string): string {
  return (compile(files, dbtProject).nodes.get('model.shop.m') as CompiledModel).compiledSql;
}

function errorOf(files: Record<string, string>): TrevcoError {
  try {
    compile(files);
  } catch (error) {
    if (error instanceof ErrorList) return error.errors[0]!;
    if (error instanceof TrevcoError) return error;
    throw error;
  }
  throw new Error('expected compilation to fail');
}

describe("dbt's context", () => {
  it('renders the cross-database macros as dbt-postgres does, as dbt.x() and bare x()', () => {
    const cases: [string, string][] = [
      ["{{ dbt.date_trunc('month', 'd') }}", "date_trunc('month', d)"],
      ["{{ dateadd('day', 3, 'd') }}", "d + ((interval '1 day') * (3))"],
      ["{{ dbt.datediff('a', 'b', 'day') }}", '((b)::date - (a)::date)'],
      ["{{ datediff('a', 'b', 'month') }}", "((date_part('year', (b)::date) - date_part('year', (a)::date)) * 12 + date_part('month', (b)::date) - date_part('month', (a)::date))"],
      ["{{ dbt.last_day('d', 'month') }}", "cast(date_trunc('month', d) + ((interval '1 month') * (1)) + ((interval '1 day') * (-1)) as date)"],
      ['{{ dbt.current_timestamp() }}', 'now()'],
      ['{{ dbt.type_string() }} {{ type_int() }} {{ dbt.type_numeric() }} {{ type_timestamp() }} {{ dbt.type_bigint() }} {{ type_boolean() }} {{ type_float() }}', 'TEXT INT numeric(28,6) TIMESTAMP bigint BOOLEAN FLOAT'],
      ["{{ dbt.concat(['a', \"'-'\", 'b']) }}", "a || '-' || b"],
      ["{{ dbt.hash('x') }}", 'md5(cast(x as TEXT))'],
      ["{{ dbt.safe_cast('x', dbt.type_int()) }}", 'cast(x as INT)'],
      ["{{ dbt.split_part('s', \"','\", 2) }} {{ split_part('s', \"','\", -1) }}", "split_part(s, ',', 2) split_part(s, ',', length(s) - length(replace(s, ',', '')) + 2 + -1)"],
      ["{{ dbt.listagg('x', \"', '\", 'order by x') }}", "string_agg(x, ', ' order by x)"],
      ["{{ dbt.listagg('x', limit_num=2) }}", "array_to_string((array_agg(x))[1:2], ',')"],
      ["{{ any_value('x') }} {{ dbt.bool_or('b') }} {{ dbt.cast_bool_to_text('b') }}", 'min(x) bool_or(b) cast(b as TEXT)'],
      ["{{ dbt.escape_single_quotes(\"it's\") }} {{ dbt.string_literal('a') }}", "it''s 'a'"],
      ["{{ dbt.right('s', 2) }} {{ dbt.length('s') }} {{ dbt.position(\"'a'\", 's') }} {{ dbt.replace('s', \"'a'\", \"'b'\") }}", "right(s, 2) length(s) position('a' in s) replace(s, 'a', 'b')"],
      ['{{ dbt.except() }} {{ dbt.intersect() }}', 'except intersect'],
      ['{{ dbt.array_construct([1, 2]) }} {{ dbt.array_construct() }} {{ dbt.array_append(\'a\', 3) }} {{ dbt.array_concat(\'a\', \'b\') }}', 'array[ 1 , 2 ] array[]::INT[] array_append(a, 3) array_cat(a, b)'],
    ];
    for (const [template, expected] of cases) expect(sql({ 'models/m.sql': template })).toBe(expected);
  });

  it('dispatches to the project first, then postgres__ before default__, and follows dispatch: search orders', () => {
    const macros = {
      'macros/over.sql': "{% macro postgres__dateadd(datepart, interval, from_date_or_timestamp) %}mine({{ datepart }}){% endmacro %}\n{% macro default__greet(n) %}hello {{ n }}{% endmacro %}\n{% macro postgres__greet(n) %}hi {{ n }}{% endmacro %}",
      'dbt_packages/kit/dbt_project.yml': 'name: kit\n',
      'dbt_packages/kit/macros/kit.sql': "{% macro shout(x) %}{{ return(adapter.dispatch('shout', 'kit')(x)) }}{% endmacro %}\n{% macro default__shout(x) %}{{ x | upper }}{% endmacro %}",
      'macros/kit_override.sql': '{% macro default__shout(x) %}override {{ x }}{% endmacro %}',
    };
    const template = "{{ dbt.dateadd('day', 1, 'd') }} | {{ adapter.dispatch('greet')('x') }} | {{ kit.shout('a') }}";
    expect(sql({ 'models/m.sql': template, ...macros })).toBe('mine(day) | hi x | A');
    const withOrder = `${DBT_PROJECT}dispatch:\n  - macro_namespace: kit\n    search_order: ['shop', 'kit']\n`;
    expect(sql({ 'models/m.sql': template, ...macros }, withOrder)).toBe('mine(day) | hi x | override a');
    expect(errorOf({ 'models/m.sql': "select\n{{ adapter.dispatch('nothing', 'kit')() }}", ...macros })).toMatchObject({
      code: 'TEMPLATE',
      file: 'models/m.sql',
      line: 2,
      message: "In dispatch: no macro named 'nothing' found within namespace 'kit'",
      hint: 'searched for: kit.postgres__nothing, kit.default__nothing',
    });
  });

  it('keeps execute false in the first pass, so database macros hold back, and true when rendering', () => {
    expect(sql({ 'models/m.sql': "{% if execute %}run{% else %}parse{% endif %}" })).toBe('run');
    // dbt_utils' habit: query only when executing; the first pass's run_query() answers None without a database.
    expect(sql({ 'models/m.sql': "{% if not execute %}{{ run_query('select 1') is none }}{% endif %}select 1" })).toBe('select 1');
    expect(errorOf({ 'models/m.sql': "select 1\n{% if execute %}{% set r = run_query('select 1') %}{% endif %}" })).toMatchObject({
      code: 'TEMPLATE',
      file: 'models/m.sql',
      line: 2,
      message: 'run_query() needs the database while the template renders, which is not available here: no target to query (compiling without a connection)',
    });
  });

  it('gives config.get/require/set, the model node, builtins, target, api.Relation and api.Column', () => {
    const template = [
      "{{ config(materialized='table', tags=['a']) }}",
      "{{ config.get('materialized') }} {{ config.get('missing', 'fallback') }} {{ config.require('materialized') }}",
      '{{ model.unique_id }} {{ model.resource_type }} {{ model.package_name }} {{ model.fqn | join(".") }}',
      "{{ builtins.ref('n') }} {{ target.type }} {{ target.engine }} {{ target.schema }}",
      "{{ api.Relation.create(schema='s', identifier='t') }} {{ api.Relation.create(schema='s', identifier='t').include(schema=false) }} {{ api.Column.translate_type('string') }}",
      "{{ adapter.quote('x') }} {{ project_name }}",
    ].join('\n');
    expect(sql({ 'models/sub/m.sql': template, 'models/n.sql': 'select 1' }).split('\n')).toEqual([
      'table fallback table',
      'model.shop.m model shop shop.sub.m',
      '"analytics"."n" postgres pglite analytics',
      '"s"."t" "t" TEXT',
      '"x" shop',
    ]);
    expect(errorOf({ 'models/m.sql': "{{ config.require('unique_key') }}" }).message).toBe("missing config: the model needs 'unique_key'");
  });

  it("names schemas as dbt does (target schema + '_' + custom), and lets generate_schema_name see the full node", () => {
    const compiled = compile({ 'models/marts/m.sql': 'select 1', 'models/marts/n.sql': "{{ config(schema='other') }}select 1" }, `${DBT_PROJECT}models:\n  shop:\n    marts:\n      +schema: marts\n`);
    expect((compiled.nodes.get('model.shop.m') as CompiledModel).relation).toEqual({ schema: 'analytics_marts', identifier: 'm' });
    expect((compiled.nodes.get('model.shop.n') as CompiledModel).relation).toEqual({ schema: 'analytics_other', identifier: 'n' });
    const custom = compile({
      'models/marts/m.sql': 'select 1',
      'macros/naming.sql': "{% macro generate_schema_name(custom_schema_name, node) %}{{ node.resource_type }}_{{ node.fqn[1] }}_{{ node.package_name }}{% endmacro %}\n{% macro generate_alias_name(custom_alias_name, node) %}{{ node.name }}_v{% endmacro %}",
    });
    expect((custom.nodes.get('model.shop.m') as CompiledModel).relation).toEqual({ schema: 'model_marts_shop', identifier: 'm_v' });
  });

  it("renders refs and sources as zero-row subqueries with --empty, as dbt does; .render() names the relation", () => {
    project = writeProject({ 'dbt_project.yml': DBT_PROJECT, 'models/a.sql': 'select 1 as id', 'models/m.sql': "select * from {{ ref('a') }} union all select * from {{ ref('a').render() }}" });
    const compiled = compileProject(loadProject(project.root, { env: {}, home: project.root }), { target: TARGET, empty: true });
    expect((compiled.nodes.get('model.shop.m') as CompiledModel).compiledSql).toBe('select * from (select * from "analytics"."a" where false limit 0) _dbt_limit_subq_a union all select * from "analytics"."a"');
  });

  it('makes every data test store its failures with --store-failures', () => {
    project = writeProject({ 'dbt_project.yml': DBT_PROJECT, 'models/a.sql': 'select 1 as id', 'models/a.yml': 'version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [unique]\n' });
    const load = () => loadProject(project!.root, { env: {}, home: project!.root });
    expect([...compileProject(load(), { target: TARGET }).tests.values()].map((test) => test.config.store_failures)).toEqual([false]);
    expect([...compileProject(load(), { target: TARGET, storeFailures: true }).tests.values()].map((test) => test.config.store_failures)).toEqual([true]);
  });
});
