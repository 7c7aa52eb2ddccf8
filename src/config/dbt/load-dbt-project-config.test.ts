import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorList, TrevcoError } from '../../errors/trevco-error.js';
import { loadProjectConfig } from '../load-project-config.js';
import { resolveFolderConfig } from '../resolve-folder-config.js';
import { resolveTarget } from '../resolve-target.js';

/** A temporary folder with the given files; `home` is an empty folder so ~/.dbt of the machine is never read. */
function folderWith(files: Record<string, string>): { root: string; home: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-dbt-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return { root, home: fs.mkdtempSync(path.join(os.tmpdir(), 'trevco-home-')) };
}

function errorsOf(load: () => unknown): { code: string; file?: string; line?: number; message: string; hint?: string }[] {
  try {
    load();
  } catch (error) {
    if (!(error instanceof TrevcoError)) throw error;
    return (error instanceof ErrorList ? error.errors : [error]).map(({ code, file, line, message, hint }) => ({ code, file, line, message, ...(hint && { hint }) }));
  }
  throw new Error('expected an error');
}

const PROJECT = `name: 'jaffle_shop'
version: '1.0.0'
config-version: 2
profile: 'jaffle_shop'
model-paths: ["models"]
seed-paths: ["data"]
macro-paths: ["macros"]
target-path: "build"
clean-targets: ["build", "dbt_packages"]
require-dbt-version: [">=1.5.0", "<2.0.0"]
vars:
  start_date: '2020-01-01'
  jaffle_shop:
    start_date: '2021-01-01'
    own: 1
  dbt_utils:
    surrogate_key_treat_nulls_as_empty_strings: true
models:
  jaffle_shop:
    +materialized: "{{ 'table' if target.name == 'prod' else 'view' }}"
    staging:
      +schema: "{{ env_var('STAGING_SCHEMA', 'staging') }}"
      materialized: view
    marts:
      +tags: ["{{ var('own') }}"]
seeds:
  +quote_columns: false
  jaffle_shop:
    raw:
      +schema: raw
dispatch:
  - macro_namespace: dbt_utils
    search_order: ['jaffle_shop', 'dbt_utils']
flags:
  send_anonymous_usage_stats: false
on-run-start: ["create table if not exists {{ target.schema }}.audit (at timestamptz)"]
`;

const PROFILES = `jaffle_shop:
  target: dev
  outputs:
    dev:
      type: postgres
      host: "{{ env_var('DB_HOST', 'localhost') }}"
      port: "{{ env_var('DB_PORT', '5433') | as_number }}"
      user: analyst
      pass: "{{ env_var('DB_PASSWORD', 's3cret') }}"
      dbname: warehouse
      schema: dbt_dev
      threads: 8
      sslmode: prefer
      search_path: analytics
      keepalives_idle: 0
    prod:
      type: postgres
      host: db.internal
      user: "{{ env_var('PROD_USER') }}"
      password: x
      dbname: warehouse
      schema: analytics
`;

describe('loadProjectConfig: dbt projects', () => {
  it('reads dbt_project.yml and the profile in the project folder', () => {
    const { root, home } = folderWith({ 'dbt_project.yml': PROJECT, 'profiles.yml': PROFILES, 'dbt_packages/dbt_utils/dbt_project.yml': 'name: dbt_utils\n' });
    const config = loadProjectConfig(root, { env: {}, home });
    expect(config.name).toBe('jaffle_shop');
    expect(config.paths).toMatchObject({ models: 'models', seeds: 'data', macros: 'macros', tests: 'tests', target: 'build' });
    // Project-scoped vars win over global ones; another package's scope is not the project's.
    expect(config.vars).toEqual({ start_date: '2021-01-01', own: 1 });
    expect(config.defaultTarget).toBe('dev');
    expect(config.targets.get('dev')).toEqual({
      name: 'dev',
      type: 'postgres',
      url: 'postgres://analyst:s3cret@localhost:5433/warehouse?sslmode=prefer&options=-c+search_path%3Danalytics',
      schema: 'dbt_dev',
      threads: 8,
    });
    // prod needs PROD_USER: not an error until prod is chosen.
    expect(errorsOf(() => resolveTarget(config, 'prod'))[0]!.message).toBe('jaffle_shop.outputs.prod.user uses environment variable PROD_USER, which is not set');
    expect(resolveFolderConfig(config.models, ['staging'])).toEqual({ materialized: 'view', schema: 'staging' });
    expect(resolveFolderConfig(config.models, ['marts'])).toEqual({ materialized: 'view', tags: ['1'] });
    expect(resolveFolderConfig(config.seeds, ['raw'])).toEqual({ quote_columns: false, schema: 'raw' });
    expect(config.onRunStart).toEqual(['create table if not exists {{ target.schema }}.audit (at timestamptz)']);
    expect(config.dbt).toMatchObject({
      profile: 'jaffle_shop',
      profilesFile: 'profiles.yml',
      dispatch: [{ macroNamespace: 'dbt_utils', searchOrder: ['jaffle_shop', 'dbt_utils'] }],
      flags: { send_anonymous_usage_stats: false },
      cleanTargets: ['build', 'dbt_packages'],
      packagesInstallPath: 'dbt_packages',
    });
    expect(config.warnings).toEqual([]);
    expect(config.notes).toEqual([]);
  });

  it('renders config values with the chosen target, as dbt renders dbt_project.yml', () => {
    const { root, home } = folderWith({ 'dbt_project.yml': PROJECT, 'profiles.yml': PROFILES });
    const config = loadProjectConfig(root, { env: { PROD_USER: 'etl', STAGING_SCHEMA: 'stg' }, home, target: 'prod' });
    expect(resolveFolderConfig(config.models, ['marts'])).toMatchObject({ materialized: 'table' });
    expect(resolveFolderConfig(config.models, ['staging'])).toMatchObject({ schema: 'stg' });
    expect(resolveTarget(config, 'prod')).toMatchObject({ type: 'postgres', url: 'postgres://etl:x@db.internal:5432/warehouse', threads: 1 });
  });

  it('finds profiles.yml as dbt does: --profiles-dir, then DBT_PROFILES_DIR, then the project, then ~/.dbt', () => {
    const profile = (schema: string) => `jaffle_shop:\n  outputs:\n    dev: { type: postgres, user: u, dbname: d, schema: ${schema} }\n`;
    const { root, home } = folderWith({ 'dbt_project.yml': PROJECT, 'profiles.yml': profile('project'), 'flag/profiles.yml': profile('flag'), 'env/profiles.yml': profile('env') });
    fs.mkdirSync(path.join(home, '.dbt'));
    fs.writeFileSync(path.join(home, '.dbt', 'profiles.yml'), profile('home'));
    const schemaOf = (options: object) => resolveTarget(loadProjectConfig(root, { env: {}, home, ...options })).schema;
    expect(schemaOf({ profilesDir: path.join(root, 'flag'), env: { DBT_PROFILES_DIR: path.join(root, 'env') } })).toBe('flag');
    expect(schemaOf({ env: { DBT_PROFILES_DIR: path.join(root, 'env') } })).toBe('env');
    expect(schemaOf({})).toBe('project');
    fs.rmSync(path.join(root, 'profiles.yml'));
    expect(schemaOf({})).toBe('home');
    expect(errorsOf(() => loadProjectConfig(root, { env: {}, home, profilesDir: path.join(root, 'nowhere') }))[0]!.message).toBe(`--profiles-dir is ${path.join(root, 'nowhere')}, but there is no profiles.yml in it`);
  });

  it('runs on the embedded database with a one-line note when no profile is found', () => {
    const { root, home } = folderWith({ 'dbt_project.yml': PROJECT });
    const config = loadProjectConfig(root, { env: {}, home });
    expect(resolveTarget(config)).toEqual({ name: 'dev', type: 'pglite', path: path.join(root, '.trevco', 'dev'), schema: 'public', threads: 1 });
    expect(config.notes).toEqual(['no profiles.yml found: running on the embedded database in .trevco/dev (target dev)']);
    expect(errorsOf(() => loadProjectConfig(root, { env: {}, home, profile: 'other' }))[0]!.message).toBe('--profile other: no such profile in any profiles.yml');
  });

  it('refuses a folder with both project.yml and dbt_project.yml', () => {
    const { root, home } = folderWith({ 'dbt_project.yml': PROJECT, 'project.yml': 'name: x\n' });
    expect(errorsOf(() => loadProjectConfig(root, { env: {}, home }))).toEqual([{
      code: 'CONFIG',
      file: 'project.yml',
      line: undefined,
      message: `${root} has both project.yml and dbt_project.yml`,
      hint: 'a project is either a trevco project (project.yml) or a dbt project (dbt_project.yml); remove or rename one of them',
    }]);
  });

  it('warns once per dbt key it does not act on, and keeps typos of keys it uses errors with a did-you-mean', () => {
    const tolerated = `name: p\nprofile: p\nquery-comment: x\nsemantic-models: {}\nmodels:\n  +access: public\n  +sql_header: x\n`;
    const { root, home } = folderWith({ 'dbt_project.yml': tolerated });
    expect(loadProjectConfig(root, { env: {}, home }).warnings).toEqual([
      "dbt_project.yml:3: query-comment: dbt's 'query-comment' is accepted but trevco does not act on it yet",
      "dbt_project.yml:4: semantic-models: dbt's 'semantic-models' is accepted but trevco does not act on it yet",
      "dbt_project.yml:6: models.+access: dbt's 'access' config is accepted but trevco does not act on it yet",
      "dbt_project.yml:7: models.+sql_header: dbt's 'sql_header' config is accepted but trevco does not act on it yet",
    ]);
    const typos = folderWith({ 'dbt_project.yml': 'name: p\nmodel-path: [models]\nmodels:\n  staging:\n    materialzed: table\n' });
    expect(errorsOf(() => loadProjectConfig(typos.root, { env: {}, home: typos.home }))).toEqual([
      { code: 'CONFIG', file: 'dbt_project.yml', line: 2, message: 'model-path is not a known key', hint: "did you mean 'model-paths'?" },
      { code: 'CONFIG', file: 'dbt_project.yml', line: 5, message: 'models.staging.materialzed is not a known config key', hint: "did you mean '+materialized'?" },
    ]);
  });

  it('refuses a profile of another database type', () => {
    const { root, home } = folderWith({ 'dbt_project.yml': 'name: p\nprofile: p\n', 'profiles.yml': 'p:\n  outputs:\n    dev: { type: snowflake, account: x }\n' });
    const [error] = errorsOf(() => loadProjectConfig(root, { env: {}, home }));
    expect(error).toMatchObject({ file: 'profiles.yml', line: 3, message: "p.outputs.dev.type is 'snowflake': trevco runs dbt projects on PostgreSQL" });
  });
});
