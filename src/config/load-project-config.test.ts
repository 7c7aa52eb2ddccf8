import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { formatError } from '../errors/format-error.js';
import { loadProjectConfig } from './load-project-config.js';
import { resolveFolderConfig } from './resolve-folder-config.js';

/** A temporary project folder holding `project.yml` with `text`. */
function projectWith(text: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-config-'));
  fs.writeFileSync(path.join(root, 'project.yml'), text);
  return root;
}

/** The errors `load` throws, flattened, as plain `{ code, file, line, message, hint }` records. */
function errorsOf(load: () => unknown): { code: string; file?: string; line?: number; message: string; hint?: string }[] {
  try {
    load();
  } catch (error) {
    if (!(error instanceof TrevcoError)) throw error;
    const list = error instanceof ErrorList ? error.errors : [error];
    return list.map(({ code, file, line, message, hint }) => ({ code, file, line, message, ...(hint && { hint }) }));
  }
  throw new Error('expected an error');
}

/** The single error for `yaml`, with env `env`. */
function onlyError(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const errors = errorsOf(() => loadProjectConfig(projectWith(yaml), { env }));
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe('loadProjectConfig: defaults', () => {
  it('fills in every default for a project with only a name', () => {
    const root = projectWith('name: shop\n');
    const config = loadProjectConfig(root, { env: {} });
    expect(config.name).toBe('shop');
    expect(config.version).toBeUndefined();
    expect(config.root).toBe(path.resolve(root));
    expect(config.paths).toEqual({
      models: 'models',
      seeds: 'seeds',
      snapshots: 'snapshots',
      macros: 'macros',
      tests: 'tests',
      csv: 'csv',
      sql: 'sql',
      target: 'target',
    });
    expect(config.vars).toEqual({});
    expect(config.models).toEqual({ config: {}, children: new Map() });
    expect(config.sources).toEqual([]);
    expect(config.onRunStart).toEqual([]);
    expect(config.onRunEnd).toEqual([]);
    expect(config.unresolvedTargets).toBeUndefined();
  });

  it('runs on an implicit embedded PGlite target named dev when no targets are declared', () => {
    const root = projectWith('name: shop\ntargets:\n');
    const config = loadProjectConfig(root, { env: {} });
    expect(config.defaultTarget).toBe('dev');
    expect([...config.targets.values()]).toEqual([
      { name: 'dev', type: 'pglite', path: path.join(path.resolve(root), '.trevco', 'dev'), schema: 'public', threads: 1 },
    ]);
  });

  it('reads a full project.yml', () => {
    const root = projectWith(`
name: trevco_warehouse
version: 1.0
paths: { models: ./transform/, csv: data\\csv }
target: prod
targets:
  dev:
    type: pglite
  local:
    type: pglite
    path: db/local
    schema: work
    threads: 8
  mem: { type: pglite, path: "memory://" }
  prod:
    type: postgres
    url: "{{ env_var('DATABASE_URL') }}"
    schema: analytics
  parts:
    type: postgres
    host: db.example.com
    user: "app user"
    password: "p@ss/word"
    database: shop
    threads: 2
vars: { lookback_days: 3, start: "{{ env_var('START', '2024-01-01') }}" }
on-run-start: "create schema if not exists {{ target.schema }}"
on_run_end: ["select 1", "select 2"]
`);
    const config = loadProjectConfig(root, { env: { DATABASE_URL: 'postgres://u:secret@host:5432/db' } });
    expect(config.version).toBe('1.0');
    expect(config.paths.models).toBe('transform');
    expect(config.paths.csv).toBe('data/csv');
    expect(config.defaultTarget).toBe('prod');
    expect(config.targets.get('dev')).toMatchObject({ path: path.join(path.resolve(root), '.trevco', 'dev') });
    expect(config.targets.get('local')).toEqual({
      name: 'local',
      type: 'pglite',
      path: path.join(path.resolve(root), 'db', 'local'),
      schema: 'work',
      threads: 1,
    });
    expect(config.targets.get('mem')).toMatchObject({ path: 'memory://' });
    expect(config.targets.get('prod')).toEqual({
      name: 'prod',
      type: 'postgres',
      url: 'postgres://u:secret@host:5432/db',
      schema: 'analytics',
      threads: 4,
    });
    expect(config.targets.get('parts')).toEqual({
      name: 'parts',
      type: 'postgres',
      url: 'postgres://app%20user:p%40ss%2Fword@db.example.com:5432/shop',
      schema: 'public',
      threads: 2,
    });
    expect(config.vars).toEqual({ lookback_days: 3, start: '2024-01-01' });
    // Hooks are SQL templates for later: not rendered here.
    expect(config.onRunStart).toEqual(['create schema if not exists {{ target.schema }}']);
    expect(config.onRunEnd).toEqual(['select 1', 'select 2']);
  });

  it('applies YAML merge keys', () => {
    const yaml = `name: shop
targets:
  base: &base { type: postgres, host: db, database: shop, threads: 3 }
  other:
    <<: *base
    database: other
`;
    const config = loadProjectConfig(projectWith(yaml), { env: {} });
    expect(config.targets.get('other')).toMatchObject({ url: 'postgres://db:5432/other', threads: 3 });
  });
});

describe('loadProjectConfig: default target', () => {
  it('is a target named dev when target: is not given', () => {
    const yaml = 'name: shop\ntargets:\n  prod: { type: postgres, url: "postgres://h/db" }\n  dev: { type: pglite }\n';
    expect(loadProjectConfig(projectWith(yaml), { env: {} }).defaultTarget).toBe('dev');
  });

  it('is the first declared target when none is named dev', () => {
    const yaml = 'name: shop\ntargets:\n  prod: { type: postgres, url: "postgres://h/db" }\n  ci: { type: pglite }\n';
    expect(loadProjectConfig(projectWith(yaml), { env: {} }).defaultTarget).toBe('prod');
  });

  it('must be a declared target', () => {
    const error = onlyError('name: shop\ntarget: prd\ntargets:\n  prod: { type: postgres, url: "postgres://h/db" }\n');
    expect(error).toEqual({
      code: 'CONFIG',
      file: 'project.yml',
      line: 2,
      message: "target 'prd' is not declared under targets",
      hint: "did you mean 'prod'?",
    });
  });
});

describe('loadProjectConfig: env_var and vars', () => {
  it('renders env_var() with and without a default', () => {
    const yaml = `name: shop
vars:
  a: "{{ env_var('A') }}"
  b: "{{ env_var('B', 'fallback') }}"
  c: "x-{{ env_var('A') }}-{{ env_var('B', 7) }}"
`;
    const config = loadProjectConfig(projectWith(yaml), { env: { A: 'alpha' } });
    expect(config.vars).toEqual({ a: 'alpha', b: 'fallback', c: 'x-alpha-7' });
  });

  it('reports a missing variable without a default with the variable and the YAML path', () => {
    const error = onlyError('name: shop\nvars:\n  region: "{{ env_var(\'REGION\') }}"\n');
    expect(error).toEqual({
      code: 'CONFIG',
      file: 'project.yml',
      line: 3,
      message: 'vars.region uses environment variable REGION, which is not set',
      hint: "set REGION, or give a default: env_var('REGION', '...')",
    });
  });

  it('reports anything but env_var() in a template', () => {
    const error = onlyError('name: shop\nvars:\n  x: "{{ env_vr(\'A\') }}"\n');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^vars\.x could not be rendered: Unable to call `env_vr`/);
  });

  it('turns a rendered number or boolean into one where one is expected', () => {
    const yaml = `name: shop
targets:
  prod: { type: postgres, url: "postgres://h/db", threads: "{{ env_var('THREADS') }}" }
`;
    const config = loadProjectConfig(projectWith(yaml), { env: { THREADS: '8' } });
    expect(config.targets.get('prod')).toMatchObject({ threads: 8 });
  });

  it('lets options.vars replace vars key by key', () => {
    const root = projectWith('name: shop\nvars: { lookback_days: 3, region: eu }\n');
    const config = loadProjectConfig(root, { env: {}, vars: { lookback_days: 10, extra: true } });
    expect(config.vars).toEqual({ lookback_days: 10, region: 'eu', extra: true });
  });
});

describe('loadProjectConfig: folder config', () => {
  it('rejects a folder config key that does not apply to the tree it is in (it would never be applied)', () => {
    expect(() => loadProjectConfig(projectWith('name: shop\nseeds:\n  +materialized: table\nmodels:\n  marts:\n    +severity: warn\n'), { env: {} })).toThrow(
      expect.objectContaining({ errors: [
        expect.objectContaining({ line: 3, message: 'seeds.+materialized: materialized does not apply to seeds (only to models)' }),
        expect.objectContaining({ line: 6, message: 'models.marts.+severity: severity does not apply to models (only to tests)' }),
      ] }),
    );
  });

  it('lets a rendered env_var() stand for a boolean or a count in folder config', () => {
    const config = loadProjectConfig(projectWith(`name: shop
models:
  +enabled: "{{ env_var('MODELS_ON', 'false') }}"
  +lookback: "{{ env_var('LOOKBACK', '3') }}"
`), { env: {} });
    expect(resolveFolderConfig(config.models, [])).toEqual({ enabled: false, lookback: 3 });
  });

  const yaml = `name: trevco_warehouse
models:
  +materialized: view
  +tags: base
  +meta: { owner: data, tier: 2 }
  trevco_warehouse:
    staging:
      +materialized: table
      schema: staging
      tags: [staging]
      meta: { tier: 1 }
      shop:
        +tags: [shop, staging]
        post_hook: "grant select on {{ this }} to reporter"
        +my_flag: 42
  marts:
    +schema: marts
seeds: { +schema: raw, +column_types: { zip: text }, +quote_columns: false }
tests: { +severity: ERROR, +store_failures: false, +limit: 100 }
`;

  it('treats the project-name level as transparent and merges from the root down', () => {
    const config = loadProjectConfig(projectWith(yaml), { env: {} });
    expect([...config.models.children.keys()]).toEqual(['marts', 'staging']);
    expect(resolveFolderConfig(config.models, [])).toEqual({
      materialized: 'view',
      tags: ['base'],
      meta: { owner: 'data', tier: 2 },
    });
    expect(resolveFolderConfig(config.models, ['staging', 'shop', 'nested'])).toEqual({
      materialized: 'table',
      schema: 'staging',
      // Tags add up down the tree, without duplicates; meta is merged key by key.
      tags: ['base', 'staging', 'shop'],
      meta: { owner: 'data', tier: 1 },
      'post-hook': [{ sql: 'grant select on {{ this }} to reporter', transaction: true }],
      my_flag: 42,
    });
    expect(resolveFolderConfig(config.models, ['marts'])).toMatchObject({ materialized: 'view', schema: 'marts' });
    expect(resolveFolderConfig(config.models, ['unknown', 'staging'])).toEqual(resolveFolderConfig(config.models, []));
    expect(config.seeds.config).toEqual({ schema: 'raw', column_types: { zip: 'text' }, quote_columns: false });
    expect(config.tests.config).toEqual({ severity: 'error', store_failures: false, limit: 100 });
  });
});

describe('loadProjectConfig: sources', () => {
  it('reads the map form, with tables as a map or a list', () => {
    const yaml = `name: shop
sources:
  raw:
    description: Loaded from CSV.
    tags: raw
    tables:
      orders:
        csv: orders/*.csv
        ddl: ddl/orders.sql
        cdc_column: order_time
        primary_key: order_id
        event_time: order_time
        identifier: raw_orders
        column_types: { zip: text }
        columns: [{ name: order_id, description: The key., data_type: int, tests: [unique, not_null] }]
        tests: [{ dbt_utils.recency: { field: order_time, datepart: day, interval: 1 } }]
  crm:
    schema: crm_raw
    tables: [{ name: customers, tags: [pii] }]
`;
    const config = loadProjectConfig(projectWith(yaml), { env: {} });
    expect(config.sources).toEqual([
      {
        name: 'raw',
        schema: 'raw',
        description: 'Loaded from CSV.',
        tags: ['raw'],
        declaredIn: 'project.yml',
        line: 3,
        tables: [
          {
            name: 'orders',
            identifier: 'raw_orders',
            csv: 'orders/*.csv',
            ddl: 'ddl/orders.sql',
            cdcColumn: 'order_time',
            primaryKey: ['order_id'],
            eventTime: 'order_time',
            columnTypes: { zip: 'text' },
            columns: [{ name: 'order_id', description: 'The key.', dataType: 'int', tests: ['unique', 'not_null'], testLines: [15, 15], line: 15 }],
            tests: [{ 'dbt_utils.recency': { field: 'order_time', datepart: 'day', interval: 1 } }],
            testLines: [16],
            tags: ['raw'],
            declaredIn: 'project.yml',
            line: 7,
          },
        ],
      },
      {
        name: 'crm',
        schema: 'crm_raw',
        tags: [],
        declaredIn: 'project.yml',
        line: 17,
        tables: [{ name: 'customers', identifier: 'customers', tags: ['pii'], declaredIn: 'project.yml', line: 19 }],
      },
    ]);
  });
});

describe('loadProjectConfig: errors', () => {
  it('says where to run when project.yml is missing', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-config-'));
    expect(errorsOf(() => loadProjectConfig(root))).toEqual([
      {
        code: 'CONFIG',
        file: 'project.yml',
        line: undefined,
        message: `no project.yml or dbt_project.yml in ${path.resolve(root)}`,
        hint: "run trevco from the folder holding project.yml (or a dbt project's dbt_project.yml), or pass --project-dir",
      },
    ]);
  });

  it.each([
    ['version: 1\n', 1, 'name is required'],
    ['name: 2shop-x\n', 1, "name must be letters, digits and underscores, not starting with a digit (found '2shop-x')"],
    ['name: shop\nmodles: {}\n', 2, 'modles is not a known key'],
    ['name: shop\npaths: { model: m }\n', 2, 'paths.model is not a known key'],
    ['name: shop\npaths: { models: /abs/models }\n', 2, "paths.models must be a path relative to the project root (found '/abs/models')"],
    ['name: shop\nvars: [a]\n', 2, 'vars must be a mapping (found a list)'],
    ['name: shop\ntargets:\n  prod:\n    type: mysql\n', 4, "targets.prod.type must be one of postgres, pglite (found 'mysql')"],
    ['name: shop\ntargets:\n  prod:\n    schema: x\n', 4, 'targets.prod.type is required'],
    ['name: shop\ntargets:\n  dev:\n    type: pglite\n    tpye: pglite\n', 5, 'targets.dev.tpye is not a known key'],
    ['name: shop\ntargets:\n  dev:\n    type: pglite\n    url: postgres://h/db\n', 5, 'targets.dev.url is not a known key'],
    ['name: shop\ntargets:\n  dev: { type: pglite, threads: 0 }\n', 3, 'targets.dev.threads must be a positive integer (found 0)'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    url: postgres://h/db\n    threads: many\n', 6, "targets.p.threads must be a positive integer (found 'many')"],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n', 4, 'targets.p needs a url, or host/port/user/password/database'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    url: postgres://h/db\n    host: h\n', 5, 'targets.p has both url and host'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    url: mysql://u:pw@h/db\n', 5, 'targets.p.url must be a postgres:// or postgresql:// URL'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    host: h\n', 4, 'targets.p.database is required'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    database: d\n    port: 70000\n', 6, 'targets.p.port must be a port number (found 70000)'],
    ['name: shop\ntargets:\n  p:\n    type: postgres\n    database: d\n    password: pw\n', 6, 'targets.p.password needs a user'],
    ['name: shop\nmodels:\n  +materialized: tabel\n', 3, 'models.+materialized must be one of view, table, incremental, ephemeral, materialized_view (found \'tabel\')'],
    ['name: shop\nmodels:\n  staging:\n    materialzed: table\n', 4, 'models.staging.materialzed is not a known config key'],
    ['name: shop\nmodels:\n  +tags: [a, [b]]\n', 3, 'models.+tags[1] must be a string (found a list)'],
    ['name: shop\nmodels:\n  +tags: 3\n', 3, 'models.+tags must be a string or a list of strings (found 3)'],
    ['name: shop\nmodels:\n  +enabled: yes\n', 3, "models.+enabled must be true or false (found 'yes')"],
    ['name: shop\nmodels:\n  +schema: 12\n', 3, 'models.+schema must be a non-empty string (found 12)'],
    ['name: shop\nmodels:\n  +lookback: -1\n', 3, 'models.+lookback must be a non-negative integer (found -1)'],
    ['name: shop\nmodels:\n  +batch_size: week\n', 3, "models.+batch_size must be one of hour, day, month (found 'week')"],
    ['name: shop\nmodels:\n  +incremental_strategy: upsert\n', 3, "models.+incremental_strategy must be one of append, merge, delete+insert, microbatch (found 'upsert')"],
    ['name: shop\nmodels:\n  +on_schema_change: sync\n', 3, "models.+on_schema_change must be one of ignore, fail, append_new_columns, sync_all_columns (found 'sync')"],
    ['name: shop\nmodels:\n  +begin: yesterday\n', 3, "models.+begin must be a date or timestamp such as '2024-01-01' (found 'yesterday')"],
    ['name: shop\ntests:\n  +severity: fatal\n', 3, "tests.+severity must be one of error, warn (found 'fatal')"],
    ['name: shop\nsources:\n  raw:\n    tables:\n      orders: { primary_key: { a: 1 } }\n', 5, 'sources.raw.tables.orders.primary_key must be a string or a list of strings (found a mapping)'],
    ['name: shop\nsources:\n  raw:\n    tables:\n      orders: { csvs: a.csv }\n', 5, 'sources.raw.tables.orders.csvs is not a known key'],
    ['name: shop\nsources:\n  - schema: raw\n', 3, 'sources[0].name is required'],
    ['name: shop\non-run-start: a\non_run_start: b\n', 3, 'on_run_start and on-run-start are the same thing'],
  ])('%j → line %i: %s', (yaml, line, message) => {
    const error = onlyError(yaml);
    expect(error).toMatchObject({ code: 'CONFIG', file: 'project.yml', line, message });
  });

  it('gives did-you-mean hints for typos', () => {
    expect(onlyError('name: shop\nmodles: {}\n').hint).toBe("did you mean 'models'?");
    expect(onlyError('name: shop\nmodel-paths: [m]\n').hint).toBe('trevco sets folders under paths: (paths.models)');
    expect(onlyError('name: shop\ntargets:\n  d:\n    type: pglite\n    tpye: x\n').hint).toBe("did you mean 'type'?");
    expect(onlyError('name: shop\ntargets:\n  d:\n    type: postgress\n').hint).toBe("did you mean 'postgres'?");
    expect(onlyError('name: shop\ntargets:\n  d:\n    type: pglite\n    url: x\n').hint).toBe('url is a setting of postgres targets');
    expect(onlyError('name: shop\nmodels:\n  materialzed: table\n').hint).toBe("did you mean '+materialized'?");
    expect(onlyError('name: shop\nmodels:\n  owner: data\n').hint).toBe(
      "write your own config keys with a '+' ('+owner'); a subfolder's entry is a mapping",
    );
  });

  it('reports every problem in the file together, in file order', () => {
    const yaml = `name: my-shop
targets:
  prod:
    type: mysql
    tpye: x
  dev:
    type: pglite
    threads: -2
models:
  +materialized: tabel
unknown: 1
`;
    const errors = errorsOf(() => loadProjectConfig(projectWith(yaml), { env: {} }));
    expect(errors.map((e) => [e.code, e.file, e.line, e.message])).toEqual([
      ['CONFIG', 'project.yml', 1, "name must be letters, digits and underscores, not starting with a digit (found 'my-shop')"],
      ['CONFIG', 'project.yml', 4, "targets.prod.type must be one of postgres, pglite (found 'mysql')"],
      ['CONFIG', 'project.yml', 5, 'targets.prod.tpye is not a known key'],
      ['CONFIG', 'project.yml', 8, 'targets.dev.threads must be a positive integer (found -2)'],
      ['CONFIG', 'project.yml', 10, "models.+materialized must be one of view, table, incremental, ephemeral, materialized_view (found 'tabel')"],
      ['CONFIG', 'project.yml', 11, 'unknown is not a known key'],
    ]);
  });

  it('reports YAML syntax errors with line and column', () => {
    const errors = errorsOf(() => loadProjectConfig(projectWith('name: shop\ntargets:\n  dev: [a, b\n  prod: {}\n')));
    expect(errors).toEqual([
      {
        code: 'CONFIG',
        file: 'project.yml',
        line: 4,
        message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
    expect(onlyError('name: shop\n\tversion: 1\n')).toEqual({
      code: 'CONFIG',
      file: 'project.yml',
      line: 2,
      message: 'YAML syntax error: Tabs are not allowed as indentation',
      hint: 'indent YAML with spaces, not tabs',
    });
    const duplicate = onlyError('name: shop\nname: other\n');
    expect(duplicate).toMatchObject({ line: 2, message: 'YAML syntax error: Map keys must be unique' });
  });

  it('carries the file text, so the formatter shows an excerpt with a caret', () => {
    try {
      loadProjectConfig(projectWith('name: shop\ntargets:\n  prod:\n    type: mysql\n'), { env: {} });
      expect.unreachable();
    } catch (error) {
      expect(formatError(error)).toBe(
        [
          "project.yml:4:11 error[CONFIG] targets.prod.type must be one of postgres, pglite (found 'mysql')",
          '  4 |     type: mysql',
          '    |           ^',
        ].join('\n'),
      );
    }
  });

  it('never shows a password, in the message or in the excerpt', () => {
    const yaml = `name: shop
targets:
  a: { type: postgres, user: u, password: hunter2, database: d, threads: 0 }
  b:
    type: postgres
    url: "postgresql://u:hunter3@h/db"
    host: h
  c:
    type: postgres
    url: "mysql://u:hunter4@h/db"
`;
    try {
      loadProjectConfig(projectWith(yaml), { env: {} });
      expect.unreachable();
    } catch (error) {
      const text = formatError(error);
      // The caret still points at `0` although the mask is shorter than the password.
      expect(text).toContain(
        [
          'project.yml:3:71 error[CONFIG] targets.a.threads must be a positive integer (found 0)',
          '  3 |   a: { type: postgres, user: u, password: ****, database: d, threads: 0 }',
          '    |                                                                       ^',
        ].join('\n'),
      );
      expect(text).toContain('url: "postgresql://u:****@h/db"');
      expect(text).not.toMatch(/hunter/);
      for (const each of (error as ErrorList).errors) expect(each.source).not.toMatch(/hunter/);
    }
  });
});
