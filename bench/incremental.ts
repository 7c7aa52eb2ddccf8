/**
 * Incremental benchmark (not a test): a daily microbatch run against a full refresh of the same model, on a
 * 3,000,000-row orders history generated with generate_series in a fresh database `trevco_bench_*`.
 * `npm run bench:incremental`; the server is TREVCO_BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RunOutcome } from '../dist/index.js';

// Compiled to .bench-dist/, beside dist/: the same relative path at run time as for the type checker.
const { run } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../dist/index.js');

const ADMIN_URL = process.env.TREVCO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROWS = 3_000_000;
const DAYS = 1000;
const BEGIN = '2022-01-01';

function isoDay(offset: number): string {
  return new Date(Date.parse(`${BEGIN}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
}

async function main(): Promise<void> {
  const name = `trevco_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const root = mkdtempSync(join(tmpdir(), 'trevco-bench-incr-'));
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await client.connect();
    const lastDay = isoDay(DAYS - 1);
    const newDay = isoDay(DAYS);
    let started = performance.now();
    await client.query(`create schema raw;
      create table raw.orders (order_id bigint, customer_id int, status text, amount numeric(10, 2), ordered_at timestamp, _trevco_loaded_at timestamptz);
      insert into raw.orders
      select g, (g::bigint * 7919) % 50000, (array['placed', 'shipped', 'returned'])[1 + g % 3], ((g::bigint * 37) % 10000) / 100.0,
             timestamp '${BEGIN}' + (g::float8 / ${ROWS} * ${DAYS}) * interval '1 day', now() - interval '1 day'
      from generate_series(0, ${ROWS - 1}) as g;
      create index on raw.orders (ordered_at);
      create index on raw.orders (_trevco_loaded_at);
      analyze raw.orders;`);
    const generateSeconds = (performance.now() - started) / 1000;

    writeFileSync(join(root, 'project.yml'), [
      'name: bench', 'target: bench', 'targets:', `  bench: { type: postgres, url: ${JSON.stringify(url.toString())}, threads: 1 }`,
      'sources:', '  raw:', '    tables:', '      orders: { event_time: ordered_at }', '',
    ].join('\n'));
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'models', 'daily_summary.sql'), [
      `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='order_date', begin='${BEGIN}', batch_size='day', lookback=1, detect_moved_rows=var('detect_moved_rows', true)) }}`,
      'select o.ordered_at::date as order_date, o.status, count(*) as orders, count(distinct o.customer_id) as customers, sum(o.amount) as revenue',
      "from {{ source('raw', 'orders') }} o",
      'group by 1, 2',
    ].join('\n'));
    const runAt = async (runDate: string, fullRefresh: boolean, detectMovedRows = true): Promise<{ seconds: number; outcome: RunOutcome }> => {
      const at = performance.now();
      const outcome = await run({ projectDir: root, runDate, fullRefresh, vars: { detect_moved_rows: detectMovedRows } });
      if (!outcome.success) throw new Error(outcome.results.map((result) => result.message).join('\n'));
      return { seconds: (performance.now() - at) / 1000, outcome };
    };

    await runAt(lastDay, true); // first build (warms the cache as well)
    await client.query(`insert into raw.orders
      select ${ROWS} + g, (g::bigint * 7919) % 50000, 'placed', ((g::bigint * 37) % 10000) / 100.0, timestamp '${newDay}' + (g::float8 / 3000) * interval '1 day', now()
      from generate_series(0, 2999) as g; analyze raw.orders`);
    const incremental = await runAt(newDay, false);
    const full = await runAt(newDay, true);
    // The same day again, for a model that declares its upstream rows never move (no per-batch counts).
    await runAt(newDay, true, false);
    await client.query(`update raw.orders set _trevco_loaded_at = now() where ordered_at >= timestamp '${newDay}'`);
    const appendOnly = await runAt(newDay, false, false);
    const appendOnlyFull = await runAt(newDay, true, false);
    const model = (outcome: RunOutcome) => outcome.results[0]!;
    const ratio = incremental.seconds / full.seconds;
    const modelRatio = model(incremental.outcome).executionTime / model(full.outcome).executionTime;
    console.log(`\nIncremental benchmark: ${ROWS.toLocaleString('en-US')} orders over ${DAYS} days (generated in ${generateSeconds.toFixed(1)} s), daily-summary microbatch model, lookback 1\n`);
    console.log('| run | batches | model time (s) | whole command (s) | result |');
    console.log('|---|---:|---:|---:|---|');
    console.log(`| daily incremental (run date ${newDay}) | ${String((model(incremental.outcome).details?.batches as unknown[] | undefined)?.length ?? '')} | ${model(incremental.outcome).executionTime.toFixed(3)} | ${incremental.seconds.toFixed(3)} | ${model(incremental.outcome).message} |`);
    console.log(`| full refresh | ${String(model(full.outcome).details?.batchesBuilt ?? '')} | ${model(full.outcome).executionTime.toFixed(3)} | ${full.seconds.toFixed(3)} | ${model(full.outcome).message} |`);
    console.log(`| **ratio incremental / full** | | **${(modelRatio * 100).toFixed(1)} %** | **${(ratio * 100).toFixed(1)} %** | goal < 5 % |`);
    console.log(`| daily incremental, detect_moved_rows=false | ${String((model(appendOnly.outcome).details?.batches as unknown[] | undefined)?.length ?? '')} | ${model(appendOnly.outcome).executionTime.toFixed(3)} | ${appendOnly.seconds.toFixed(3)} | ${model(appendOnly.outcome).message} |`);
    console.log(`| full refresh, detect_moved_rows=false | | ${model(appendOnlyFull.outcome).executionTime.toFixed(3)} | ${appendOnlyFull.seconds.toFixed(3)} | ${model(appendOnlyFull.outcome).message} |`);
    console.log(`| **ratio, detect_moved_rows=false** | | **${(100 * model(appendOnly.outcome).executionTime / model(appendOnlyFull.outcome).executionTime).toFixed(1)} %** | **${(100 * appendOnly.seconds / appendOnlyFull.seconds).toFixed(1)} %** | goal < 5 % |`);
  } finally {
    await client.end().catch(() => undefined);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
