/**
 * Seed loading benchmark (not a test). Generates orders-shaped CSV files and, in one run against the local
 * PostgreSQL server, times: loadSeed full; loadSeed incremental into a table already holding the rows (all
 * unchanged, then 1% changed); psql \copy (the baseline, when psql is on PATH); a dbt-style batched INSERT loader
 * (1,000 rows per parameterised INSERT); and, for 300,000 rows, a full load into embedded PGlite.
 * Each loader runs in a child process, whose peak RSS (process.resourceUsage().maxRSS) is reported.
 *
 *   npm run bench:seed -- --rows 300000,3000000 [--rounds 2]
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
    print({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail: `${result.rowsLoaded} rows; data dir created before the clock (initdb runs in its own process)` });
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

/** One round: every loader once, in order, on a fresh set of tables. Name → measure. */
async function round(db: pg.Client, url: string, rows: number, file: string, changed: string): Promise<Map<string, Measure>> {
  const results = new Map<string, Measure>();
  await db.query('drop table if exists bench.orders, bench.orders_psql, bench.orders_insert, bench.types_probe cascade');
  if (hasPsql()) {
    // The baseline gets the same column types as loadSeed inferred, created before the clock starts.
    runChild('full', file, url, 'types_probe');
    await db.query(`create table bench.orders_psql as select ${COLUMNS.join(', ')} from bench.types_probe with no data`);
    const t0 = performance.now();
    execFileSync('psql', [url, '-q', '-c', `\\copy bench.orders_psql from '${file}' with (format csv, header true)`]);
    results.set(PSQL, { ms: performance.now() - t0, maxRssMb: NaN, detail: 'psql process, RSS not measured' });
  }
  results.set(FULL, runChild('full', file, url, 'orders'));
  results.set(UNCHANGED, runChild('incremental', file, url, 'orders'));
  results.set('loadSeed incremental, 1% changed', runChild('incremental', changed, url, 'orders'));
  await db.query(`create table bench.orders_insert as select ${COLUMNS.join(', ')} from bench.orders with no data`);
  results.set('batched INSERT (1,000 rows)', runChild('insert', file, url, 'orders_insert'));
  if (rows <= 300_000) results.set('PGlite loadSeed full', runChild('pglite', file, '', 'orders'));
  return results;
}

const PSQL = 'psql \\copy';
const FULL = 'loadSeed full';
const UNCHANGED = 'loadSeed incremental, all unchanged';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv[1] as Loader, argv[2]!, argv[3]!, argv[4]!);
  const arg = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1]! : fallback);
  const sizes = arg('--rows', '300000,3000000').split(',').map(Number);
  // Other processes can load the machine: every loader runs in each round, and each reports its best round.
  const rounds = Number(arg('--rounds', '2'));
  const dbName = `trevco_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const dir = mkdtempSync(join(tmpdir(), 'trevco-bench-'));
  const lines: string[] = [
    `Best of ${rounds} rounds per loader (ratio to psql \\copy in the same round; the best round's figures shown).`,
    '',
    '| rows | loader | seconds | rows/s | vs psql \\copy | peak RSS MB | notes |',
    '|---:|---|---:|---:|---:|---:|---|',
  ];
  try {
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query('create schema bench');
    for (const rows of sizes) {
      const file = join(dir, `orders_${rows}.csv`);
      const changed = join(dir, `orders_${rows}_changed.csv`);
      await generate(file, rows);
      await generate(changed, rows, 100);
      const all: Map<string, Measure>[] = [];
      for (let r = 0; r < rounds; r++) {
        all.push(await round(db, url.toString(), rows, file, changed));
        process.stderr.write(`${rows} rows: round ${r + 1} of ${rounds} done\n`);
      }
      // A loader's ratio is against psql in its own round: both saw the same machine load.
      const ratio = (m: Measure, r: Map<string, Measure>) => (r.get(PSQL)?.ms ?? NaN) / m.ms;
      for (const name of all[0]!.keys()) {
        // psql itself (or every loader without psql): the fastest round; the others: the best ratio.
        const score = (r: Map<string, Measure>) => (name === PSQL || !r.has(PSQL) ? -r.get(name)!.ms : ratio(r.get(name)!, r));
        const best = all.reduce((a, b) => (score(b) > score(a) ? b : a));
        const m = best.get(name)!;
        const shown = name === PSQL ? '1.00×' : Number.isNaN(ratio(m, best)) ? 'n/a' : `${ratio(m, best).toFixed(2)}×`;
        const rss = Number.isNaN(m.maxRssMb) ? 'n/a' : m.maxRssMb.toFixed(0);
        const times = all.map((r) => (r.get(name)!.ms / 1000).toFixed(2)).join(' / ');
        lines.push(`| ${rows.toLocaleString('en')} | ${name} | ${(m.ms / 1000).toFixed(2)} | ${Math.round(rows / (m.ms / 1000)).toLocaleString('en')} | ${shown} | ${rss} | ${m.detail ?? ''}; rounds: ${times} s |`);
      }
      const incrementalVsFull = Math.min(...all.map((r) => r.get(UNCHANGED)!.ms / r.get(FULL)!.ms));
      lines.push(`| ${rows.toLocaleString('en')} | incremental unchanged ÷ full (same round, best) | ${incrementalVsFull.toFixed(2)}× | | | | goal < 2× |`);
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
