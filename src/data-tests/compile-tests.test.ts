import { afterEach, describe, expect, it } from 'vitest';
import type { PgliteTarget } from '../config/project-config.js';
import { compileProject } from '../compiler/compile-project.js';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { exitCodeFor } from '../cli/exit-codes.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import { genericTestName } from './test-name.js';
import { testStatus, thresholdMet } from './test-config.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

const MODELS = {
  'models/orders.sql': 'select 1 as id, 2 as customer_id',
  'models/customers.sql': 'select 2 as id',
  'macros/is_even.sql': '{% test is_even(model, column_name) %}select 1{% endtest %}',
};

function compile(files: Record<string, string>) {
  project = writeProject({ 'project.yml': 'name: shop\n', ...MODELS, ...files });
  return compileProject(loadProject(project.root), { target: TARGET });
}

function errorsOf(files: Record<string, string>): TrevcoError[] {
  try {
    compile(files);
  } catch (error) {
    if (error instanceof ErrorList) return [...error.errors];
    if (error instanceof TrevcoError) return [error];
    throw error;
  }
  throw new Error('expected compilation to fail');
}

/** The 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`'${needle}' not in the text`);
  return index + 1;
}

const shape = (error: TrevcoError) => ({ code: error.code, file: error.file, line: error.line, message: error.message, hint: error.hint });

describe('compileTests', () => {
  it('makes tests graph nodes depending on what they test, with dbt-style ids', () => {
    const compiled = compile({
      'models/schema.yml': "models:\n  - name: orders\n    columns:\n      - name: customer_id\n        tests: [not_null, { relationships: { to: \"ref('customers')\", field: id } }]\n",
      'tests/assert_one.sql': "select * from {{ ref('orders') }} where false",
    });
    expect([...compiled.tests.keys()].sort()).toEqual([
      'test.shop.assert_one',
      'test.shop.not_null_orders_customer_id',
      'test.shop.relationships_orders_customer_id__id__ref_customers_',
    ]);
    expect(compiled.graph.node('test.shop.relationships_orders_customer_id__id__ref_customers_')).toMatchObject({
      resourceType: 'test',
      testType: 'generic',
      dependsOn: ['model.shop.customers', 'model.shop.orders'],
    });
    expect(compiled.graph.node('test.shop.assert_one')).toMatchObject({ testType: 'singular', dependsOn: ['model.shop.orders'] });
    expect(compiled.tests.get('test.shop.not_null_orders_customer_id')!.compiledSql).toBe('select "customer_id"\nfrom "analytics"."orders"\nwhere "customer_id" is null');
  });

  it('inlines an ephemeral model as a CTE, applies where and limit, and takes project tests: defaults', () => {
    project = writeProject({
      'project.yml': 'name: shop\ntests:\n  +severity: warn\n',
      'models/eph.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      'models/schema.yml': 'models:\n  - name: eph\n    columns:\n      - name: id\n        tests: [{ not_null: { config: { where: "id > 0", limit: 5 } } }]\n',
    });
    const test = compileProject(loadProject(project.root), { target: TARGET }).tests.get('test.shop.not_null_eph_id')!;
    expect(test.compiledSql).toBe([
      'with "__trevco_cte__eph" as (',
      'select 1 as id',
      ')',
      'select "id"',
      'from (select * from "__trevco_cte__eph" where id > 0) dbt_subquery',
      'where "id" is null',
      'limit 5',
    ].join('\n'));
    expect(test.config).toMatchObject({ severity: 'warn', where: 'id > 0', limit: 5, error_if: '!=0' });
  });

  it('compiles tests declared on seeds and source tables', () => {
    const compiled = compile({
      'seeds/countries.csv': 'code\nDE\n',
      'seeds/properties.yml': 'seeds:\n  - name: countries\n    columns:\n      - name: code\n        tests: [not_null]\n',
      'models/sources.yml': 'sources:\n  - name: raw\n    tables:\n      - name: events\n        tests: [not_empty]\n',
    });
    expect(compiled.graph.node('test.shop.not_null_countries_code').dependsOn).toEqual(['seed.shop.countries']);
    expect(compiled.tests.get('test.shop.source_not_empty_raw_events_')).toMatchObject({
      attachedNodeId: 'source.shop.raw.events',
      compiledSql: 'select 1 as empty_relation\nwhere not exists (select 1 from "raw"."events")',
      path: 'models/sources.yml',
      line: 5,
    });
  });

  it('shortens long names with an md5 hash as dbt does', () => {
    const { shortName, fullName } = genericTestName('accepted_values', 'fact_orders', { column_name: 'status', values: ['placed', 'shipped', 'returned', 'cancelled'] });
    expect(fullName).toBe('accepted_values_fact_orders_status__placed__shipped__returned__cancelled');
    expect(shortName).toMatch(/^accepted_values_fact_orders_[0-9a-f]{32}$/);
    expect(genericTestName('not_null', 'fact_orders', { column_name: 'order_id' }).shortName).toBe('not_null_fact_orders_order_id');
  });

  it('applies dbt thresholds', () => {
    expect([thresholdMet('!=0', 0), thresholdMet('>10', 11), thresholdMet('>=5', 4), thresholdMet('=3', 3)]).toEqual([false, true, false, true]);
    expect(testStatus({ severity: 'warn', warn_if: '!=0', error_if: '!=0' }, 3)).toBe('warn');
    expect(testStatus({ severity: 'error', warn_if: '!=0', error_if: '>5' }, 3)).toBe('warn');
    expect(testStatus({ severity: 'error', warn_if: '>5', error_if: '>5' }, 3)).toBe('pass');
  });
});

describe('compileTests: errors', () => {
  const yml = [
    'version: 2',
    'models:',
    '  - name: orders',
    '    tests:',
    '      - not_emptty',
    '      - accepted_values: [a, b]',
    '    columns:',
    '      - name: id',
    '        tests:',
    '          - uniqe',
    '          - is_evn',
    '          - accepted_values: { quote: false }',
    '          - unique: { config: { severity: fatal } }',
    '          - not_null: { error_if: "lots" }',
    '      - name: customer_id',
    '        tests:',
    "          - relationships: { to: \"ref('customer')\", field: id }",
    '',
  ].join('\n');

  it('reports every problem together with its code, file, line and message, as a usage error', () => {
    const errors = errorsOf({ 'models/schema.yml': yml, 'tests/bad_ref.sql': "select *\nfrom {{ ref('ordrs') }}" });
    expect(errors.map(shape)).toEqual([
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'not_emptty'),
        message: "unknown test 'not_emptty' on model 'orders'", hint: "did you mean 'not_empty'?",
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'accepted_values: [a, b]'),
        message: 'test \'accepted_values\' takes a mapping of arguments, found ["a","b"]', hint: "e.g. '- accepted_values: { values: [a, b] }', or '- accepted_values' without arguments",
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'uniqe'),
        message: "unknown test 'uniqe' on model 'orders', column 'id'", hint: "did you mean 'unique'?",
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'is_evn'),
        message: "unknown test 'is_evn' on model 'orders', column 'id'", hint: "did you mean 'is_even'?",
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'quote: false'),
        message: "test 'accepted_values' needs 'values', a non-empty list (test 'accepted_values_orders_id__False' on model 'orders')",
        hint: "e.g. '- accepted_values: { values: [placed, shipped] }'",
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'fatal'),
        message: "test severity must be 'error' or 'warn', found 'fatal'", hint: undefined,
      },
      {
        code: 'CONFIG', file: 'models/schema.yml', line: lineOf(yml, 'lots'),
        message: "test error_if must be a comparison with a whole number such as '>10' or '!=0', found 'lots'", hint: undefined,
      },
      {
        code: 'REF_NOT_FOUND', file: 'models/schema.yml', line: lineOf(yml, "ref('customer')"),
        message: "test on 'orders' refers to 'customer', which does not exist", hint: "did you mean 'customers'?",
      },
      {
        code: 'REF_NOT_FOUND', file: 'tests/bad_ref.sql', line: 2,
        message: "test 'bad_ref' refers to 'ordrs', which does not exist", hint: "did you mean 'orders'?",
      },
    ]);
    expect(exitCodeFor(new ErrorList(errors))).toBe(2);
  });

  it('reports a malformed entry and tests on a model that does not exist at load, with file and line', () => {
    const errors = errorsOf({ 'models/schema.yml': 'models:\n  - name: orders\n    tests: [unique, { a: 1, b: 2 }]\n  - name: nowhere\n    tests: [not_empty]\n' });
    expect(errors.map(shape)).toEqual([
      expect.objectContaining({ code: 'CONFIG', file: 'models/schema.yml', line: 3, message: 'models[0].tests[1] must be a test name or a mapping with one key (found a mapping)' }),
    ]);
    const orphan = errorsOf({ 'models/schema.yml': 'models:\n  - name: nowhere\n    tests: [not_empty]\n' });
    expect(orphan.map(shape)).toEqual([
      expect.objectContaining({ code: 'CONFIG', file: 'models/schema.yml', line: 2, message: "properties for model 'nowhere', but there is no model of that name" }),
    ]);
  });

  it('reports two tests with the same name', () => {
    const text = 'models:\n  - name: orders\n    columns:\n      - name: id\n        tests: [unique]\n      - name: customer_id\n        tests: [{ unique: { name: unique_orders_id } }]\n';
    const errors = errorsOf({ 'models/schema.yml': text });
    expect(errors.map(shape)).toEqual([{
      code: 'CONFIG', file: 'models/schema.yml', line: 7,
      message: "two tests are named 'unique_orders_id' (also models/schema.yml:5)", hint: "give one of them a different name with 'name:'",
    }]);
  });
});
