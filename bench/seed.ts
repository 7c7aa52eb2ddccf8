/**
 * Seed loading benchmark (not a test). Generates orders-shaped CSV files and, in one run against the local
 * PostgreSQL server, times: loadSeed full; loadSeed incremental into a table already holding the rows (all
 * unchanged, then 1% changed); psql \copy (the baseline, when psql is on PATH); a dbt-style batched INSERT loader
 * (1,000 rows per parameterised INSERT); and, for 300,000 rows, a full load into embedded PGlite.
 * Each loader runs in a child process, whose peak RSS (process.resourceUsage().maxRSS) is reported.
 *
 *   npm run bench:seed -- --rows 300000,3000000
 *   TREVCO_BENCH_DATABASE_URL=postgres://… overrides the admin URL (the bench creates and drops trevco_bench_*).
 */
import { spawnSync, execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { parse } from 'csv-parse';
import type { PostgresAdapter as PostgresAdapterClass } from '../dist/adapters/postgres/postgres-adapter.js';
import type { PgliteAdapter as PgliteAdapterClass } from '../dist/adapters/pglite/pglite-adapter.js';
import type { loadSeed as LoadSeed } from '../dist/seeds/load-seed.js';
import type { SeedJob } from '../dist/seeds/seed-job.js';

// The bench compiles to .bench-dist/, the library to dist/: resolve the built library at run time (types above).
const built = (path: string) => new URL(`../dist/${path}`, import.meta.url).href;
const { PostgresAdapter } = (await import(built('adapters/postgres/postgres-adapter.js'))) as { PostgresAdapter: typeof PostgresAdapterClass };
const { PgliteAdapter } = (await import(built('adapters/pglite/pglite-adapter.js'))) as { PgliteAdapter: typeof PgliteAdapterClass };
const { loadSeed } = (await import(built('seeds/load-seed.js'))) as { loadSeed: typeof LoadSeed };

const ADMIN_URL = process.env.TREVCO_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COLUMNS = ['order_id', 'customer_id', 'order_time', 'payment_method', 'discount_pct', 'subtotal_usd', 'total_usd', 'country', 'device', 'source'];

type Loader = 'full' | 'incremental' | 'insert' | 'pglite';
interface Measure { readonly ms: number; readonly maxRssMb: number; readonly detail?: string }

function job(file: string, table: string): SeedJob {
  return { nodeId: `source.bench.raw.${table}`, schema: 'bench', table, files: [file], displayPath: basename, cdcColumn: 'order_time', primaryKey: ['order_id'] };
}

/** Child mode: run one loader and print its time and peak RSS as JSON. */
async function child(loader: Loader, file: string, url: string, table: string): Promise<void> {
  let detail = '';
  if (loader === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'trevco-bench-pglite-'));
    const adapter = await PgliteAdapter.open(dir);
    const t0 = performance.now();
    const result = await loadSeed(adapter, job(file, table));
    const ms = performance.now() - t0;
    await adapter.close();
    rmSync(dir, { recursive: true, force: true });
    print({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail: `${result.rowsLoaded} rows` });
    return;
  }
  const adapter = await PostgresAdapter.connect({ url, threads: 1 });
  // The clock starts once connected, as psql's \copy is timed around one short-lived process.
  const t0 = performance.now();
  if (loader === 'insert') await insertLoader(adapter, file, table);
  else {
    const result = await loadSeed(adapter, job(file, table), { incremental: loader === 'incremental' });
    detail = result.mode === 'incremental' ? `inserted ${result.inserted}, updated ${result.updated}, unchanged ${result.unchanged}` : `${result.rowsLoaded} rows`;
  }
  const ms = performance.now() - t0;
  await adapter.close();
  print({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail });
}

function print(measure: Measure): void {
  process.stdout.write(JSON.stringify(measure));
}

/** How dbt loads seeds: parse in the client and send parameterised multi-row INSERTs of 1,000 rows. */
async function insertLoader(adapter: PostgresAdapterClass, file: string, table: string): Promise<void> {
  await adapter.transaction(async (session) => {
    let batch: string[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const values = batch.map((_, r) => `(${COLUMNS.map((__, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`).join(', ');
      await session.query(`insert into bench.${table} (${COLUMNS.join(', ')}) values ${values}`, batch.flat());
      batch = [];
    };
    for await (const record of createReadStream(file).pipe(parse({ from_line: 2 })) as AsyncIterable<string[]>) {
      batch.push(record);
      if (batch.length === 1000) await flush();
    }
    await flush();
  });
}

/** Writes `rows` orders; `changedEvery` > 0 moves every n-th order's time an hour later and changes its total. */
async function generate(file: string, rows: number, changedEvery = 0): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${COLUMNS.join(',')}\n`);
  const methods = ['card', 'paypal', 'klarna', 'apple_pay'];
  const countries = ['NL', 'DE', 'BE', 'FR', 'US', 'GB'];
  const devices = ['mobile', 'desktop', 'tablet'];
  const sources = ['organic', 'ads', 'email', 'referral'];
  const base = Date.UTC(2024, 0, 1);
  for (let i = 1; i <= rows; i++) {
    const changed = changedEvery > 0 && i % changedEvery === 0;
    const time = new Date(base + i * 37_000 + (changed ? 3_600_000 : 0)).toISOString().replace('T', ' ').replace('.000Z', '+00');
    const subtotal = ((i * 7919) % 50_000) / 100 + 5;
    const discount = (i % 5) * 5;
    const total = (subtotal * (1 - discount / 100) + (changed ? 1 : 0)).toFixed(2);
    const line = `${i},${(i * 31) % 100_000},${time},${methods[i % 4]},${discount},${subtotal.toFixed(2)},${total},${countries[i % 6]},${devices[i % 3]},${sources[i % 4]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

function runChild(loader: Loader, file: string, url: string, table: string): Measure {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', loader, file, url, table], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`${loader} failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Measure;
}

function hasPsql(): boolean {
  return spawnSync('psql', ['--version']).status === 0;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1] as Loader, argv[2]!, argv[3]!, argv[4]!);
  const rowsArg = argv.includes('--rows') ? argv[argv.indexOf('--rows') + 1]! : '300000,3000000';
  const sizes = rowsArg.split(',').map(Number);
  const dbName = `trevco_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const dir = mkdtempSync(join(tmpdir(), 'trevco-bench-'));
  const lines: string[] = ['| rows | loader | seconds | rows/s | vs psql \\copy | peak RSS MB | notes |', '|---:|---|---:|---:|---:|---:|---|'];
  try {
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query('create schema bench');
    for (const rows of sizes) {
      const file = join(dir, `orders_${rows}.csv`);
      const changed = join(dir, `orders_${rows}_changed.csv`);
      await generate(file, rows);
      await generate(changed, rows, 100);
      const results: [string, Measure][] = [];
      let psqlMs: number | undefined;
      if (hasPsql()) {
        // The baseline gets the same column types as loadSeed inferred, created before the clock starts.
        runChild('full', file, url.toString(), 'types_probe');
        await db.query(`create table bench.orders_psql as select ${COLUMNS.join(', ')} from bench.types_probe with no data`);
        const t0 = performance.now();
        execFileSync('psql', [url.toString(), '-q', '-c', `\\copy bench.orders_psql from '${file}' with (format csv, header true)`]);
        psqlMs = performance.now() - t0;
        results.push(['psql \\copy', { ms: psqlMs, maxRssMb: NaN, detail: 'psql process, RSS not measured' }]);
      }
      results.push(['loadSeed full', runChild('full', file, url.toString(), 'orders')]);
      results.push(['loadSeed incremental, all unchanged', runChild('incremental', file, url.toString(), 'orders')]);
      results.push(['loadSeed incremental, 1% changed', runChild('incremental', changed, url.toString(), 'orders')]);
      await db.query(`create table bench.orders_insert as select ${COLUMNS.join(', ')} from bench.orders with no data`);
      results.push(['batched INSERT (1,000 rows)', runChild('insert', file, url.toString(), 'orders_insert')]);
      if (rows <= 300_000) results.push(['PGlite loadSeed full', runChild('pglite', file, '', 'orders')]);
      for (const [name, m] of results) {
        const ratio = psqlMs === undefined ? 'n/a' : `${(psqlMs / m.ms).toFixed(2)}×`;
        const rss = Number.isNaN(m.maxRssMb) ? 'n/a' : m.maxRssMb.toFixed(0);
        lines.push(`| ${rows.toLocaleString('en')} | ${name} | ${(m.ms / 1000).toFixed(2)} | ${Math.round(rows / (m.ms / 1000)).toLocaleString('en')} | ${ratio} | ${rss} | ${m.detail ?? ''} |`);
      }
      await db.query('drop table if exists bench.orders, bench.orders_psql, bench.orders_insert, bench.types_probe cascade');
      rmSync(file);
      rmSync(changed);
    }
    await db.end();
  } finally {
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}

await main();
