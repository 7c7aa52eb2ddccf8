import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../errors/trevco-error.js';
import { loadPropertiesFile } from './load-properties-file.js';

const FILE = 'models/staging/schema.yml';

/** A temporary project holding `text` at models/staging/schema.yml; returns its root. */
function projectWith(text: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-properties-'));
  fs.mkdirSync(path.join(root, 'models', 'staging'), { recursive: true });
  fs.writeFileSync(path.join(root, FILE), text);
  return root;
}

function errorsOf(text: string): { code: string; file?: string; line?: number; message: string; hint?: string }[] {
  try {
    loadPropertiesFile(projectWith(text), FILE);
  } catch (error) {
    if (!(error instanceof TrevcoError)) throw error;
    const list = error instanceof ErrorList ? error.errors : [error];
    return list.map(({ code, file, line, message, hint }) => ({ code, file, line, message, ...(hint && { hint }) }));
  }
  throw new Error('expected an error');
}

describe('loadPropertiesFile', () => {
  it('reads models and seeds with config, columns and tests as written', () => {
    const text = `version: 2
models:
  - name: stg_orders
    description: One row per order.
    config:
      materialized: incremental
      unique_key: [order_id]
      tags: daily
      meta: { tier: 1 }
    meta: { owner: data, tier: 2 }
    columns:
      - name: order_id
        description: The key.
        data_type: bigint
        tests: [unique, not_null]
      - name: status
        data_tests:
          - accepted_values: { values: [placed, shipped] }
    tests:
      - dbt_utils.expression_is_true: { expression: "amount >= 0" }
  - name: stg_customers
seeds:
  - name: countries
    config: { column_types: { code: text }, +schema: raw }
    data_tests: [{ unique_combination_of_columns: { combination_of_columns: [code, name] } }]
`;
    const properties = loadPropertiesFile(projectWith(text), FILE);
    expect(properties.path).toBe(FILE);
    expect(properties.models).toEqual([
      {
        name: 'stg_orders',
        description: 'One row per order.',
        config: {
          materialized: 'incremental',
          unique_key: ['order_id'],
          tags: ['daily'],
          // config: wins over the older top-level meta, key by key.
          meta: { owner: 'data', tier: 1 },
        },
        columns: [
          { name: 'order_id', description: 'The key.', dataType: 'bigint', tests: ['unique', 'not_null'], testLines: [15, 15], line: 12 },
          { name: 'status', tests: [{ accepted_values: { values: ['placed', 'shipped'] } }], testLines: [18], line: 16 },
        ],
        tests: [{ 'dbt_utils.expression_is_true': { expression: 'amount >= 0' } }],
        testLines: [20],
        file: FILE,
        line: 3,
      },
      { name: 'stg_customers', config: {}, columns: [], tests: [], file: FILE, line: 21 },
    ]);
    expect(properties.seeds).toEqual([
      {
        name: 'countries',
        config: { column_types: { code: 'text' }, schema: 'raw' },
        columns: [],
        tests: [{ unique_combination_of_columns: { combination_of_columns: ['code', 'name'] } }],
        testLines: [25],
        file: FILE,
        line: 23,
      },
    ]);
    expect(properties.sources).toEqual([]);
  });

  it("reads dbt's list form of sources, with trevco's extras on the table, under config: or under meta:", () => {
    const text = `sources:
  - name: raw
    description: Landed CSV files.
    tags: [raw]
    tables:
      - name: orders
        identifier: raw_orders
        csv: orders/*.csv
        primary_key: [order_id]
        config: { cdc_column: order_time, event_time: order_time, tags: [cdc] }
        meta: { ddl: ddl/orders.sql, csv: ignored.csv, owner: data }
        columns: [{ name: order_id, data_tests: [unique] }]
        data_tests: [{ dbt_utils.recency: { field: order_time } }]
      - name: customers
        meta: { column_types: { zip: text } }
      - name: retired
        config: { enabled: false }
`;
    const properties = loadPropertiesFile(projectWith(text), FILE);
    expect(properties.sources).toEqual([
      {
        name: 'raw',
        schema: 'raw',
        description: 'Landed CSV files.',
        tags: ['raw'],
        declaredIn: FILE,
        line: 2,
        tables: [
          {
            name: 'orders',
            identifier: 'raw_orders',
            csv: 'orders/*.csv',
            ddl: 'ddl/orders.sql',
            cdcColumn: 'order_time',
            eventTime: 'order_time',
            primaryKey: ['order_id'],
            columns: [{ name: 'order_id', tests: ['unique'], testLines: [12], line: 12 }],
            tests: [{ 'dbt_utils.recency': { field: 'order_time' } }],
            testLines: [13],
            tags: ['raw', 'cdc'],
            declaredIn: FILE,
            line: 6,
          },
          {
            name: 'customers',
            identifier: 'customers',
            columnTypes: { zip: 'text' },
            tags: ['raw'],
            declaredIn: FILE,
            line: 14,
          },
        ],
      },
    ]);
  });

  it('reads an empty file as declaring nothing', () => {
    expect(loadPropertiesFile(projectWith('# nothing yet\n'), FILE)).toEqual({
      path: FILE,
      models: [],
      seeds: [],
      snapshots: [],
      sources: [],
    });
  });

  it.each([
    ['models:\n  - name: a\n  - name: b\n  - name: c\n    columns:\n      - description: x\n', 6, 'models[2].columns[0].name is required'],
    ['models:\n  - description: x\n', 2, 'models[0].name is required'],
    ['models:\n  - name: a\n    config: { materialized: tabel }\n', 3, "models[0].config.materialized must be one of view, table, incremental, ephemeral, materialized_view (found 'tabel')"],
    ['models:\n  - name: a\n    descripton: x\n', 3, 'models[0].descripton is not a known key'],
    ['models:\n  - name: a\n    tests: [unique, { a: 1, b: 2 }]\n', 3, 'models[0].tests[1] must be a test name or a mapping with one key (found a mapping)'],
    ['models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique]\n        data_tests: [not_null]\n', 6, 'models[0].columns[0].data_tests and models[0].columns[0].tests are the same thing'],
    ['models:\n  name: a\n', 2, 'models must be a list (found a mapping)'],
    ['version: 1\n', 1, 'version must be 2 (found 1)'],
    ['models:\n  - name: a\n    materialzed: table\n', 3, 'models[0].materialzed is not a known key'],
    ['sources:\n  - name: raw\n    tables:\n      - name: t\n        config: { materialized: table }\n', 5, 'sources[0].tables[0].config.materialized is not a known key'],
    ['sources:\n  - name: raw\n    tables:\n      - name: t\n      - name: t\n', 5, "sources[0].tables[1] declares table 't' of source 'raw' a second time"],
    ['sources:\n  - name: raw\n    tables:\n      - name: t\n        meta: { column_types: [a] }\n', 5, 'sources[0].tables[0].meta.column_types must be a mapping (found a list)'],
  ])('%j → line %i: %s', (text, line, message) => {
    const errors = errorsOf(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'CONFIG', file: FILE, line, message });
  });

  it("accepts dbt keys trevco does not act on with one warning line each, and keeps a typo of a key it uses an error", () => {
    const text = [
      'version: 2',
      'semantic_models: [{ name: orders }]',
      'exposures: []',
      'unit_tests: []',
      'models:',
      '  - name: a',
      '    access: public',
      '    latest_version: 2',
      '    versions: [{ v: 2 }]',
      '    config: { sql_header: "set x = 1" }',
      '    columns:',
      '      - name: id',
      '        constraints: [{ type: not_null }]',
      '        policy_tags: [x]',
      'sources:',
      '  - name: raw',
      '    freshness: { warn_after: { count: 1, period: day } }',
      '    loaded_at_field: _loaded',
      '    tables:',
      '      - name: t',
      '        loaded_at_field: _loaded_at',
      '',
    ].join('\n');
    const file = loadPropertiesFile(projectWith(text), FILE);
    expect(file.models.map((model) => model.name)).toEqual(['a']);
    expect(file.warnings).toEqual([
      `${FILE}:2: semantic_models: dbt's 'semantic_models' is accepted but trevco does not act on it yet`,
      `${FILE}:3: exposures: dbt's 'exposures' is accepted but trevco does not act on it yet`,
      `${FILE}:4: unit_tests: dbt's 'unit_tests' is accepted but trevco does not act on it yet`,
      `${FILE}:7: models[0].access: dbt's 'access' is accepted but trevco does not act on it yet`,
      `${FILE}:8: models[0].latest_version: dbt's 'latest_version' is accepted but trevco does not act on it yet`,
      `${FILE}:9: models[0].versions: dbt's 'versions' is accepted but trevco does not act on it yet`,
      `${FILE}:10: models[0].config.sql_header: dbt's 'sql_header' config is accepted but trevco does not act on it yet`,
      `${FILE}:14: models[0].columns[0].policy_tags: dbt's 'policy_tags' is accepted but trevco does not act on it yet`,
    ]);
  });

  it('reports every problem in the file together', () => {
    const text = `models:
  - name: a
    config: { enabled: maybe }
  - description: no name
seeds:
  - name: s
    columns: [{ name: c, tests: [42] }]
`;
    expect(errorsOf(text).map((e) => [e.line, e.message])).toEqual([
      [3, "models[0].config.enabled must be true or false (found 'maybe')"],
      [4, 'models[1].name is required'],
      [7, 'seeds[0].columns[0].tests[0] must be a test name or a mapping with one key (found 42)'],
    ]);
  });

  it('reads constraints and the new config keys, and reports a key for another resource type or a bad constraint at its line', () => {
    const text = `models:
  - name: fact
    config:
      contract: { enforced: true }
      indexes: [{ columns: [id], unique: true, type: hash }]
      post-hook: [{ sql: "vacuum {{ this }}", transaction: false }]
    constraints: [{ type: primary_key, columns: [id] }]
    columns:
      - name: id
        data_type: int
        constraints: [{ type: not_null }, { type: check, expression: "id > 0" }]
`;
    const [model] = loadPropertiesFile(projectWith(text), FILE).models;
    expect(model!.config).toEqual({
      contract: { enforced: true },
      indexes: [{ columns: ['id'], unique: true, type: 'hash' }],
      'post-hook': [{ sql: 'vacuum {{ this }}', transaction: false }],
    });
    expect(model!.constraints).toEqual([{ type: 'primary_key', columns: ['id'] }]);
    expect(model!.columns[0]!.constraints).toEqual([{ type: 'not_null' }, { type: 'check', expression: 'id > 0' }]);
    expect(errorsOf(`models:
  - name: fact
    config:
      severity: warn
      indexes: [{ columns: [id], type: gist }]
    constraints: [{ type: unique }]
    columns:
      - name: id
        constraints: [{ type: check }]
`).map(({ line, message }) => [line, message])).toEqual([
      [4, 'models[0].config.severity: severity does not apply to models (only to tests)'],
      [5, 'models[0].config.indexes must be a list of { columns: [...], unique: true|false, type: btree|hash|gin|brin } (found a list)'],
      [6, 'models[0].constraints[0]: a model-level unique constraint needs columns: [...]'],
      [9, 'models[0].columns[0].constraints[0]: a check constraint needs expression'],
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const errors = errorsOf('models:\n  - name: a\n    columns: [\n  - name: b\n');
    expect(errors).toEqual([
      {
        code: 'CONFIG',
        file: FILE,
        line: 4,
        message: 'YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      },
    ]);
  });

  it('reports a file that cannot be read', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-properties-'));
    expect(() => loadPropertiesFile(root, 'models/missing.yml')).toThrow(
      expect.objectContaining({ code: 'CONFIG', file: 'models/missing.yml' }),
    );
  });
});
