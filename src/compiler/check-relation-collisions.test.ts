import { afterEach, describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { formatError } from '../errors/format-error.js';
import { loadProject } from '../project/load-project.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';
import type { PgliteTarget } from '../config/project-config.js';
import { compileProject } from './compile-project.js';
import { truncateIdentifier } from './check-relation-collisions.js';

const TARGET: PgliteTarget = { name: 'dev', type: 'pglite', path: '/tmp/unused', schema: 'analytics', threads: 1 };
let project: TempProject | undefined;
afterEach(() => project?.remove());

function compileErrors(files: Record<string, string>, yml = 'name: shop\n'): TrevcoError[] {
  project = writeProject({ 'project.yml': yml, ...files });
  try {
    compileProject(loadProject(project.root), { target: TARGET });
  } catch (error) {
    if (error instanceof ErrorList) return [...error.errors];
    if (error instanceof TrevcoError) return [error];
    throw error;
  }
  return [];
}

const duplicates = (errors: TrevcoError[]) => errors.filter((error) => error.code === 'DUPLICATE_RELATION');

describe('DUPLICATE_RELATION at compile', () => {
  it('two models with the same alias', () => {
    const errors = compileErrors({
      'models/a.sql': "{{ config(alias='orders', materialized='table') }}\nselect 1 as id",
      'models/b.sql': "{{ config(alias='orders') }}\nselect 2 as id",
    });
    expect(duplicates(errors)).toHaveLength(1);
    const [error] = duplicates(errors);
    expect(error!.message).toBe('2 nodes write the same relation analytics.orders: model.shop.a (models/a.sql), model.shop.b (models/b.sql)');
    expect(error!.file).toBe('models/a.sql');
    expect(error!.isUsageError).toBe(true);
    expect(formatError(error)).toMatch(/^models\/a\.sql error\[DUPLICATE_RELATION\]/);
  });

  it('a model aliased onto a seed and onto a CSV-backed source', () => {
    const errors = compileErrors({
      'seeds/countries.csv': 'code\nFR\n',
      'csv/orders.csv': 'id\n1\n',
      'models/a.sql': "{{ config(alias='countries') }}\nselect 1 as id",
      'models/b.sql': "{{ config(alias='orders', schema='raw') }}\nselect 1 as id",
    }, 'name: shop\nsources:\n  raw:\n    tables:\n      orders: { csv: orders.csv }\n');
    expect(duplicates(errors).map((error) => error.message)).toEqual([
      '2 nodes write the same relation raw.orders: model.shop.b (models/b.sql), source.shop.raw.orders (project.yml)',
      '2 nodes write the same relation analytics.countries: model.shop.a (models/a.sql), seed.shop.countries (seeds/countries.csv)',
    ]);
  });

  it('a generate_schema_name macro that sends two same-named aliases to one schema', () => {
    const errors = compileErrors({
      'macros/schema.sql': '{% macro generate_schema_name(custom_schema_name, node) %}flat{% endmacro %}',
      'models/staging/x.sql': "{{ config(schema='staging', alias='t') }}\nselect 1 as id",
      'models/marts/y.sql': "{{ config(schema='marts', alias='t') }}\nselect 1 as id",
    });
    expect(duplicates(errors).map((error) => error.message)).toEqual([
      '2 nodes write the same relation flat.t: model.shop.y (models/marts/y.sql), model.shop.x (models/staging/x.sql)',
    ]);
  });

  it('names equal in their first 63 bytes, as PostgreSQL truncates them', () => {
    const long = 'a'.repeat(63);
    const errors = compileErrors({
      [`models/${long}_one.sql`]: 'select 1 as id',
      [`models/${long}_two.sql`]: 'select 2 as id',
    });
    expect(duplicates(errors)).toHaveLength(1);
    expect(duplicates(errors)[0]!.message).toContain(`same relation analytics.${long}:`);
    expect(duplicates(errors)[0]!.message).toContain(`as analytics.${long}_one`);
    expect(duplicates(errors)[0]!.hint).toContain('63 bytes');
  });

  it('different schemas, ephemeral models and names differing within 63 bytes are fine', () => {
    expect(compileErrors({
      'models/a.sql': "{{ config(alias='t', schema='one') }}\nselect 1 as id",
      'models/b.sql': "{{ config(alias='t', schema='two') }}\nselect 1 as id",
      'models/c.sql': "{{ config(materialized='ephemeral') }}\nselect 1 as id",
      'models/d.sql': "{{ config(alias='c') }}\nselect * from {{ ref('c') }}",
      [`models/${'b'.repeat(62)}1.sql`]: 'select 1 as id',
      [`models/${'b'.repeat(62)}2.sql`]: 'select 1 as id',
    })).toEqual([]);
  });
});

describe('truncateIdentifier', () => {
  it('cuts at 63 bytes, never inside a multi-byte character', () => {
    expect(truncateIdentifier('x'.repeat(70))).toBe('x'.repeat(63));
    // 31 two-byte characters are 62 bytes; a 32nd would make 64.
    expect(truncateIdentifier('é'.repeat(40))).toBe('é'.repeat(31));
    expect(truncateIdentifier('short')).toBe('short');
  });
});
