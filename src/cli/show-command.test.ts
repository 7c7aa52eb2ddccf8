import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterKinds, createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import { runTrevco } from '../testing/run-cli.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';

const FILES = {
  'seeds/cities.csv': 'city_id,name\n1,Lyon\n2,"Saint-Étienne, Loire"\n3,Nice\n',
  'models/orders.sql': "{{ config(materialized='table') }}\nselect g as order_id, (g % 3) + 1 as city_id, (g * 2.5)::numeric(10,2) as total from generate_series(1, 25) g",
  'models/unbuilt.sql': "select 42 as answer",
  'models/city_totals.sql': "select c.name, sum(o.total) as revenue, count(*) as orders\nfrom {{ ref('orders') }} o join {{ ref('cities') }} c using (city_id)\ngroup by c.name",
};

function targetYaml(database: TestDatabase): string {
  return database.target.type === 'pglite'
    ? `  test:\n    type: pglite\n    path: ${JSON.stringify(database.target.path)}\n`
    : `  test:\n    type: postgres\n    url: ${JSON.stringify(database.target.url)}\n`;
}

describe.each(adapterKinds())('trevco show on $kind $skipReason', ({ kind, skipReason }) => {
  let database: TestDatabase;
  let project: TempProject;
  beforeAll(async () => {
    if (skipReason) return;
    database = await createTestDatabase(kind);
    project = writeProject({ 'project.yml': `name: show_test\ntarget: test\ntargets:\n${targetYaml(database)}`, ...FILES });
    expect(runTrevco(['build', '--exclude', 'unbuilt'], project.root).code).toBe(0);
  });
  afterAll(async () => {
    project?.remove();
    await database?.drop();
  });

  it.skipIf(Boolean(skipReason))('prints the first rows of a model as an aligned table (default limit 10)', () => {
    const { code, stdout, stderr } = runTrevco(['show', '--select', 'orders'], project.root);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Previewing node 'orders' from "public"."orders", first 10 rows:`);
    expect(lines.slice(1, 4)).toEqual(['| order_id | city_id | total |', '| -------- | ------- | ----- |', '|        1 |       2 |  2.50 |']);
    expect(lines).toHaveLength(1 + 2 + 10);
  });

  it.skipIf(Boolean(skipReason))('prints JSON with columns and rows, values as the database gives them', () => {
    const { code, stdout } = runTrevco(['show', '--select', 'city_totals', '--output', 'json', '--limit', '-1'], project.root);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { node: string; columns: string[]; rows: Record<string, unknown>[] };
    expect(parsed.node).toBe('model.show_test.city_totals');
    expect(parsed.columns).toEqual(['name', 'revenue', 'orders']);
    // sum(numeric) and count(*) keep their exact text on both adapters.
    expect([...parsed.rows].sort((a, b) => String(a.name).localeCompare(String(b.name)))).toEqual([
      { name: 'Lyon', revenue: '270.00', orders: '8' },
      { name: 'Nice', revenue: '250.00', orders: '8' },
      { name: 'Saint-Étienne, Loire', revenue: '292.50', orders: '9' },
    ]);
  });

  it.skipIf(Boolean(skipReason))('prints CSV of a seed, quoting as RFC 4180 says', () => {
    const { code, stdout } = runTrevco(['show', '--select', 'cities', '--output', 'csv'], project.root);
    expect(code).toBe(0);
    // A seed is a dbt seed: exactly the file's columns (CSV sources keep trevco's bookkeeping columns).
    expect(stdout.split('\n').slice(0, 4)).toEqual(['city_id,name', '1,Lyon', '2,"Saint-Étienne, Loire"', '3,Nice']);
  });

  it.skipIf(Boolean(skipReason))('runs an --inline query with ref() and var(), with --limit', () => {
    const inline = "select order_id, total from {{ ref('orders') }} where total > {{ var('min_total', 50) }} order by order_id";
    const { code, stdout } = runTrevco(['show', '--inline', inline, '--limit', '2', '--output', 'csv'], project.root);
    expect(code).toBe(0);
    expect(stdout).toBe('order_id,total\n21,52.50\n22,55.00\n');
    const table = runTrevco(['show', '--inline', inline, '--vars', '{"min_total": 60}', '--limit', '1'], project.root);
    expect(table.stdout).toBe("Previewing inline query, first 1 rows:\n| order_id | total |\n| -------- | ----- |\n|       25 | 62.50 |\n");
  });

  it.skipIf(Boolean(skipReason))('runs the compiled SQL of a model that is not built yet, and says so', () => {
    const { code, stdout } = runTrevco(['show', '--select', 'unbuilt'], project.root);
    expect(code).toBe(0);
    expect(stdout).toBe("Previewing node 'unbuilt' (compiled SQL; not built), 1 row:\n| answer |\n| ------ |\n|     42 |\n");
  });

  it.skipIf(Boolean(skipReason))('says what is wrong, with exit code 2, for a bad selection or a bad ref', () => {
    const many = runTrevco(['show', '--select', 'orders+'], project.root);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain('--select orders+ matches 2 nodes (orders, city_totals); trevco show prints one');
    const badRef = runTrevco(['show', '--inline', "select * from {{ ref('order') }}"], project.root);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain("<inline>:1:18 error[REF_NOT_FOUND]");
    expect(badRef.stderr).toContain("did you mean 'orders'?");
    expect(runTrevco(['show'], project.root).stderr).toContain('trevco show needs either --select NODE or --inline "SQL"');
  });
});
