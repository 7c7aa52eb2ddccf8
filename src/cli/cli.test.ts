import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { writeProject, type TempProject } from '../testing/temp-project.js';

/** End-to-end: the built `trevco` command (npm test builds dist/ first), spawned as a user would run it. */
const BIN = fileURLToPath(new URL('../../bin/trevco.js', import.meta.url));

function trevco(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: undefined, ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function pgliteProject(files: Record<string, string>): TempProject {
  const data = join(mkdtempSync(join(tmpdir(), 'trevco-cli-')), 'data');
  cpSync(inject('pgliteTemplateDir'), data, { recursive: true });
  return writeProject({ 'project.yml': `name: cli_test\ntargets:\n  dev:\n    type: pglite\n    path: ${JSON.stringify(data)}\n`, ...files });
}

const projects: TempProject[] = [];
afterAll(() => projects.forEach((project) => project.remove()));

describe('trevco CLI', () => {
  it('prints help with every command and exits 0', () => {
    const { code, stdout } = trevco(['--help'], tmpdir());
    expect(code).toBe(0);
    for (const command of ['seed', 'run', 'test', 'build', 'snapshot', 'compile', 'ls', 'debug', 'retry', 'show', 'serve', 'docs']) expect(stdout).toContain(command);
  });

  it('exits 2 on bad usage', () => {
    expect(trevco(['run', '--no-such-flag'], tmpdir()).code).toBe(2);
    expect(trevco(['run', '--threads', 'many'], tmpdir()).code).toBe(2);
    const missing = trevco(['run'], mkdtempSync(join(tmpdir(), 'trevco-empty-')));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('project.yml');
  });

  it('builds models on the embedded database with dbt-like lines, and exits 1 when a model fails', () => {
    const project = pgliteProject({
      'models/a.sql': "{{ config(materialized='table') }}\nselect * from (values (1), (2), (3)) as t(id)",
      'models/b.sql': "select id * 2 as doubled from {{ ref('a') }}",
    });
    projects.push(project);
    const ok = trevco(['run'], project.root);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^1 of 2 OK created table model public\.a \.+ \[SELECT 3 in \d+\.\d\ds\]$/m);
    expect(ok.stdout).toMatch(/^2 of 2 OK created view model public\.b \.+ \[CREATE VIEW in \d+\.\d\ds\]$/m);
    expect(ok.stdout).toContain('Done. PASS=2 WARN=0 ERROR=0 SKIP=0 TOTAL=2');
    expect(ok.stdout).not.toMatch(/\x1b\[/);

    project.write({ 'models/a.sql': "{{ config(materialized='table') }}\nselect 1 / 0 as id" });
    const failed = trevco(['run'], project.root);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/1 of 2 ERROR creating table model public\.a/);
    expect(failed.stdout).toMatch(/2 of 2 SKIP view model public\.b/);
    expect(failed.stdout).toContain('target/compiled/cli_test/models/a.sql');
    expect(failed.stdout).toContain('error[DATABASE] division by zero');
    expect(failed.stdout).toContain('Done. PASS=0 WARN=0 ERROR=1 SKIP=1 TOTAL=2');
  });

  it('trevco snapshot creates, then snapshots; ls lists snapshots; a duplicate key exits 1 naming the file', () => {
    const project = pgliteProject({
      'models/people.sql': "{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (2, 'b')) as t(id, name)",
      'snapshots/people.sql': "{% snapshot people_history %}\n{{ config(unique_key='id', strategy='check', check_cols='all') }}\nselect * from {{ ref('people') }}\n{% endsnapshot %}\n",
    });
    projects.push(project);
    expect(trevco(['run'], project.root).code).toBe(0);
    const first = trevco(['snapshot'], project.root);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^1 of 1 OK created snapshot public\.people_history \.+ \[INSERT 2 in \d+\.\d\ds\]$/m);
    const again = trevco(['snapshot', '--select', 'people_history'], project.root);
    expect(again.stdout).toMatch(/^1 of 1 OK snapshotted snapshot public\.people_history \.+ \[INSERT 0, CLOSED 0 in /m);
    expect(trevco(['ls', '--resource-type', 'snapshot'], project.root).stdout.trim()).toBe('snapshot people_history');

    project.write({ 'models/people.sql': "{{ config(materialized='table') }}\nselect * from (values (1, 'a'), (1, 'b')) as t(id, name)" });
    expect(trevco(['run'], project.root).code).toBe(0);
    const duplicate = trevco(['snapshot'], project.root);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toContain('snapshots/people.sql:2');
    expect(duplicate.stdout).toContain('error[SNAPSHOT]');
  });

  it('reports compile errors with file, line, column, excerpt and hint, and exits 2', () => {
    const project = pgliteProject({
      'models/stg_orders.sql': 'select 1 as id',
      'models/fact.sql': "select *\nfrom {{ ref('stg_order') }}",
    });
    projects.push(project);
    const { code, stderr } = trevco(['compile'], project.root);
    expect(code).toBe(2);
    expect(stderr).toContain("models/fact.sql:2:9 error[REF_NOT_FOUND] model 'fact' refers to 'stg_order', which does not exist");
    expect(stderr).toContain("  2 | from {{ ref('stg_order') }}");
    expect(stderr).toContain("hint: did you mean 'stg_orders'?");
  });

  it('rejects a bad --event-time-start and a bad config() value before anything runs, and exits 2', () => {
    const project = pgliteProject({ 'models/a.sql': "{{ config(materialized='table') }}\nselect 1 as id" });
    projects.push(project);
    const garbage = trevco(['run', '--event-time-start', 'garbage'], project.root);
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain("the --event-time-start 'garbage' is not a date or timestamp");
    project.write({ 'models/b.sql': "{{ config(\n  materialized='table',\n  lookback='two'\n) }}\nselect 1 as id" });
    const bad = trevco(['run'], project.root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("models/b.sql:3:3 error[CONFIG] model 'b' has lookback='two'; expected a non-negative integer");
    expect(bad.stdout).not.toContain('OK created');
  });

  it('reports project.yml errors with their line, and exits 2', () => {
    const project = writeProject({ 'project.yml': 'name: cli_test\ntargets:\n  prod:\n    type: mysql\n' });
    projects.push(project);
    const { code, stderr } = trevco(['debug'], project.root);
    expect(code).toBe(2);
    expect(stderr).toMatch(/project\.yml:4:\d+ error\[CONFIG\] targets\.prod\.type must be one of postgres, pglite/);
  });

  it('prints one JSON object per line with --log-format json', () => {
    const project = pgliteProject({ 'models/a.sql': 'select 1 as id' });
    projects.push(project);
    const { code, stdout } = trevco(['run', '--log-format', 'json'], project.root);
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records.find((record) => record.event === 'node-finished')).toMatchObject({ status: 'success', nodeId: 'model.cli_test.a' });
    expect(records.at(-1)).toMatchObject({ event: 'summary', success: true });
  });

  it('never prints a password: debug redacts the target URL', () => {
    const project = writeProject({ 'project.yml': "name: cli_test\ntargets:\n  prod:\n    type: postgres\n    url: postgres://trevco:s3cret-pw@127.0.0.1:1/nowhere\n" });
    projects.push(project);
    const { code, stdout, stderr } = trevco(['debug', '--target', 'prod'], project.root);
    expect(code).toBe(1);
    expect(stdout).toContain('postgres://trevco:****@127.0.0.1:1/nowhere');
    expect(stdout + stderr).not.toContain('s3cret-pw');
  });

  it('builds the quickstart example with every materialization, on the embedded database', () => {
    const root = mkdtempSync(join(tmpdir(), 'trevco-quickstart-'));
    cpSync(fileURLToPath(new URL('../../examples/quickstart', import.meta.url)), root, { recursive: true });
    // Its dev target, pointed at a copy of the initialised PGlite directory to skip initdb.
    cpSync(inject('pgliteTemplateDir'), join(root, '.trevco', 'dev'), { recursive: true });
    const ran = trevco(['run'], root);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Done. PASS=4 WARN=0 ERROR=0 SKIP=0 TOTAL=4');
    for (const kind of ['materialized view', 'table', 'view', 'incremental']) expect(ran.stdout).toContain(`OK created ${kind} model`);
    const tested = trevco(['test'], root);
    expect(tested.code).toBe(0);
    expect(tested.stdout).toContain('Done. PASS=5 WARN=0 ERROR=0 SKIP=0 TOTAL=5');
  });

  it('lists what a selection picks', () => {
    const project = pgliteProject({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': 'select 2 as id',
    });
    projects.push(project);
    const { code, stdout } = trevco(['ls', '--select', 'a+', '--output', 'id'], project.root);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['model.cli_test.a', 'model.cli_test.b']);
  });
});
