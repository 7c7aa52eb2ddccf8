/**
 * Snapshot benchmark (not a test): a check-strategy snapshot of 1,000,000 customers, against a plain table build of
 * the same query in the same run (the baseline), in a fresh database `trevco_bench_*`. Measures the first snapshot
 * (every row a version), a daily run with 1 % of the rows changed, and a run with nothing changed.
 * `npm run bench:snapshot`; the server is TREVCO_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunOutcome } from '../dist/index.js';

const { run, snapshot } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../dist/index.js');

const ADMIN_URL = process.env.TREVCO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = Number(process.env.TREVCO_BENCH_ROWS ?? 1_000_000);

async function main(): Promise<void> {
  const name = `trevco_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const root = mkdtempSync(join(tmpdir(), 'trevco-bench-snapshot-'));
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    await client.query(`create schema raw;
      create table raw.customers (customer_id bigint, email text, country text, opt_in boolean, updated_at timestamp);
      insert into raw.customers select g, 'c' || g || '@example.com', (array['DE', 'FR', 'US', 'IN', 'BR'])[1 + g % 5], g % 2 = 0, timestamp '2024-01-01'
      from generate_series(1, ${ROWS}) g;
      analyze raw.customers;`);
    writeFileSync(join(root, 'project.yml'), [
      'name: bench', 'target: bench', 'targets:', `  bench: { type: postgres, url: ${JSON.stringify(url.toString())}, threads: 1 }`,
      'sources:', '  raw:', '    tables:', '      customers: {}', '',
    ].join('\n'));
    mkdirSync(join(root, 'models'));
    mkdirSync(join(root, 'snapshots'));
    writeFileSync(join(root, 'models', 'customers_copy.sql'), "{{ config(materialized='table') }}\nselect * from {{ source('raw', 'customers') }}");
    writeFileSync(join(root, 'snapshots', 'customers.sql'), [
      '{% snapshot customers_history %}',
      "{{ config(unique_key='customer_id', strategy='check', check_cols=['email', 'country', 'opt_in'], updated_at='updated_at') }}",
      "select * from {{ source('raw', 'customers') }}",
      '{% endsnapshot %}',
    ].join('\n'));
    const timed = async (work: () => Promise<RunOutcome>): Promise<{ seconds: number; message: string }> => {
      const at = performance.now();
      const outcome = await work();
      if (!outcome.success) throw new Error(outcome.results.map((result) => result.message).join('\n'));
      return { seconds: (performance.now() - at) / 1000, message: outcome.results[0]!.message };
    };
    const table = () => timed(() => run({ projectDir: root }));
    const snap = () => timed(() => snapshot({ projectDir: root }));

    await table(); // warms the cache
    const baseline = await table();
    const first = await snap();
    await client.query(`update raw.customers set country = 'NA', updated_at = timestamp '2024-01-02' where customer_id % 100 = 0; analyze raw.customers`);
    const daily = await snap();
    const unchanged = await snap();
    const baselineAfter = await table();
    const base = (baseline.seconds + baselineAfter.seconds) / 2;
    console.log(`\nSnapshot benchmark: ${ROWS.toLocaleString('en-US')} customers, check strategy on 3 columns; baseline: a table model over the same query (${base.toFixed(2)} s)\n`);
    console.log('| run | time (s) | × table build | result |');
    console.log('|---|---:|---:|---|');
    for (const [label, result] of [['first snapshot (every row a version)', first], ['1 % of rows changed', daily], ['nothing changed', unchanged]] as const) {
      console.log(`| ${label} | ${result.seconds.toFixed(2)} | ${(result.seconds / base).toFixed(2)} | ${result.message} |`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
