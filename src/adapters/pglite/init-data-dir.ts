import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatabaseError } from '../../errors/trevco-error.js';

/**
 * The child's script. PGlite's initdb blocks its thread for seconds, so it runs in a worker thread while the
 * child's main thread watches the IPC channel to its parent: when the parent dies (even by kill -9) the channel
 * closes, 'disconnect' fires at once, and the child exits instead of running on as an orphan.
 */
const CHILD_SCRIPT = `
  const { Worker } = require('node:worker_threads');
  process.on('disconnect', () => process.exit(1));
  const worker = new Worker(\`
    const { workerData, parentPort } = require('node:worker_threads');
    import(workerData.entry).then(async (pglite) => {
      const { PGlite } = pglite.PGlite ? pglite : pglite.default;
      const db = await PGlite.create(workerData.dataDir);
      await db.close();
      parentPort.postMessage('done');
    }).catch((error) => { console.error(error && error.stack || String(error)); process.exit(1); });
  \`, { eval: true, workerData: { entry: process.argv[1], dataDir: process.argv[2] } });
  worker.on('message', () => process.exit(0));
  worker.on('error', (error) => { console.error(error && error.stack || String(error)); process.exit(1); });
  worker.on('exit', (code) => process.exit(code || 1));
`;

const INIT_SUFFIX = '.trevco-initdb-';

/** What initdb puts at the top of a data directory (so a folder holding anything else is not ours to replace). */
const DATA_DIR_ENTRY = new RegExp(`^(?:${[
  'base', 'global', 'pg_commit_ts', 'pg_dynshmem', 'pg_logical', 'pg_multixact', 'pg_notify', 'pg_replslot', 'pg_serial',
  'pg_snapshots', 'pg_stat', 'pg_stat_tmp', 'pg_subtrans', 'pg_tblspc', 'pg_twophase', 'pg_wal', 'pg_xact', 'PG_VERSION',
  'postgresql\\.conf', 'postgresql\\.auto\\.conf', 'pg_hba\\.conf', 'pg_ident\\.conf', 'postmaster\\.pid', 'postmaster\\.opts',
].join('|')})$`);

/**
 * Runs PGlite's initdb for `dataDir` in a short-lived Node process (see `PgliteAdapter.open` for why), into a
 * sibling folder that is renamed into place when complete: a kill at any point leaves either no database or a
 * whole one, never a half-initialised directory that every later open would trip over.
 */
export async function initDataDir(dataDir: string): Promise<void> {
  const entries = existsSync(dataDir) ? readdirSync(dataDir) : [];
  if (entries.some((entry) => !DATA_DIR_ENTRY.test(entry))) {
    throw new DatabaseError(`${dataDir} is not empty but holds no database (it has no PG_VERSION)`, {
      hint: 'point the target at another path, or empty the folder if it may be replaced by a new database',
    });
  }
  // Only PostgreSQL's own files and no PG_VERSION: a first open interrupted before the staging folder existed (or a
  // copy cut short). It never held data: start afresh.
  if (entries.length > 0) rmSync(dataDir, { recursive: true, force: true });
  removeAbandonedInits(dataDir);
  const building = `${dataDir}${INIT_SUFFIX}${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  const entry = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SCRIPT, entry, building], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let said = '';
    child.stderr!.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(said) : reject(new Error(said.trim()))));
  }).catch((error: Error) => {
    rmSync(building, { recursive: true, force: true });
    const lines = error.message.split('\n').filter(Boolean).slice(-3).join(' ');
    throw new Error(`PGlite could not initialise ${dataDir}${lines ? `: ${lines}` : ''}`, { cause: error });
  });
  void stderr;
  // rename(2) replaces an empty directory (open() creates dataDir before initialising it).
  if (existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  renameSync(building, dataDir);
}

/** Folders of inits whose process is gone (killed during a first open). */
function removeAbandonedInits(dataDir: string): void {
  const parent = dirname(dataDir);
  const prefix = `${basename(dataDir)}${INIT_SUFFIX}`;
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length));
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
