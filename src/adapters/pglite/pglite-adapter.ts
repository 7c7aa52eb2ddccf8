import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Adapter, QueryResult, Row, Session } from '../adapter.js';
import { toDatabaseError } from '../database-error.js';
import { DatabaseError, TrevcoError } from '../../errors/trevco-error.js';
import { acquireDirectory } from './acquire-directory.js';
import type { DirectoryLock } from './directory-lock.js';

/** int8, numeric, date, timestamp and timestamptz come back as the server's text, as the pg adapter does. */
const RAW_TEXT = (value: string): string => value;
const PARSERS = { 20: RAW_TEXT, 1700: RAW_TEXT, 1082: RAW_TEXT, 1114: RAW_TEXT, 1184: RAW_TEXT };

const FROM_STDIN = /\bfrom\s+stdin\b/i;

/**
 * PGlite's 128 MB default shared_buffers live in its WebAssembly heap and become resident as a load cycles
 * through them: 16 MB cut the heap from 189 to 128 MB and a 1M-row seed's peak RSS from 366 to 245 MB at the same
 * speed (the data directory's files stay in the OS page cache either way).
 */
const SMALL_BUFFERS = ['-c', 'shared_buffers=16MB'];

type PgliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction;

/**
 * The embedded adapter: PostgreSQL compiled to WebAssembly, in process, one connection.
 * It always uses an on-disk data directory: PGlite's in-memory file system copies a whole table on every
 * pre-allocation step, which makes large loads quadratic.
 */
export class PgliteAdapter implements Adapter {
  readonly type = 'pglite' as const;
  readonly maxConnections = 1;

  private constructor(private readonly db: PGlite, private readonly lock: DirectoryLock) {}

  /**
   * Opens (creating on first use) the database in `dataDir`. The first open runs initdb and takes seconds; it
   * runs in a child process, because PGlite's initdb peaks near 900 MB and keeps ~500 MB of it referenced for
   * the life of the instance, where an open of an existing directory stays near 300 MB.
   *
   * PGlite is one process: two opening the same directory corrupt it. The adapter therefore always holds the
   * directory's lock (see directory-lock.ts), released on close; without `options.lock` it takes it here and fails
   * at once when another live process holds it (commands wait through `openAdapter` instead).
   */
  static async open(dataDir: string, options: { lock?: DirectoryLock } = {}): Promise<PgliteAdapter> {
    mkdirSync(dirname(dataDir), { recursive: true });
    const access = options.lock ? { lock: options.lock } : await acquireDirectory(dataDir, { command: processCommand(), timeoutSeconds: 0, acceptServer: false });
    if (!('lock' in access)) throw new Error('unreachable: a served directory was accepted');
    try {
      if (!existsSync(join(dataDir, 'PG_VERSION'))) await initDataDir(dataDir);
      const db = await PGlite.create(dataDir, { parsers: PARSERS, startParams: [...PGlite.defaultStartParams, ...SMALL_BUFFERS] });
      return new PgliteAdapter(db, access.lock);
    } catch (error) {
      access.lock.release();
      throw toDatabaseError(error);
    }
  }

  /** The PGlite instance, for `trevco serve` to put on a socket. */
  get instance(): PGlite {
    return this.db;
  }

  /** The directory lock this adapter holds, for `trevco serve` to advertise its address in. */
  get directoryLock(): DirectoryLock {
    return this.lock;
  }

  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return new PgliteSession(this.db).query<R>(sql, params);
  }

  execute(sql: string): Promise<void> {
    return new PgliteSession(this.db).execute(sql);
  }

  copyFrom(copyStatement: string, source: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    return new PgliteSession(this.db).copyFrom(copyStatement, source);
  }

  withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return work(new PgliteSession(this.db));
  }

  async transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction((tx) => work(new PgliteSession(tx)));
    } catch (error) {
      // Errors the work raised itself (a SeedError, a mapped DatabaseError) keep their class and location.
      if (error instanceof TrevcoError) throw error;
      throw toDatabaseError(error);
    }
  }

  async close(): Promise<void> {
    try {
      await this.db.close();
    } finally {
      this.lock.release();
    }
  }
}

/** `trevco build` for the CLI, else the script's name: what a waiting process is told holds the directory. */
export function processCommand(argv: readonly string[] = process.argv): string {
  const script = (argv[1] ?? '').split(/[\\/]/).pop() ?? '';
  const words: string[] = [];
  for (const arg of argv.slice(2, 4)) {
    if (arg.startsWith('-')) break;
    words.push(arg);
  }
  if (/^trevco(\.js)?$/.test(script)) return ['trevco', ...words].join(' ');
  return script ? `node ${script}` : 'node';
}

/** What initdb puts at the top of a data directory (so a folder holding anything else is not ours to replace). */
const DATA_DIR_ENTRY = new RegExp(`^(?:${[
  'base', 'global', 'pg_commit_ts', 'pg_dynshmem', 'pg_logical', 'pg_multixact', 'pg_notify', 'pg_replslot', 'pg_serial',
  'pg_snapshots', 'pg_stat', 'pg_stat_tmp', 'pg_subtrans', 'pg_tblspc', 'pg_twophase', 'pg_wal', 'pg_xact', 'PG_VERSION',
  'postgresql\\.conf', 'postgresql\\.auto\\.conf', 'pg_hba\\.conf', 'pg_ident\\.conf', 'postmaster\\.pid', 'postmaster\\.opts',
].join('|')})$`);

const INIT_SCRIPT = `
  const pglite = await import(process.argv[1]);
  const { PGlite } = pglite.PGlite ? pglite : pglite.default;
  const db = await PGlite.create(process.argv[2]);
  await db.close();
`;

/**
 * Runs PGlite's initdb for `dataDir` in a short-lived Node process (see `PgliteAdapter.open`), into a sibling
 * folder renamed into place when complete: the data directory only ever appears whole, so a first open killed
 * part-way leaves nothing a later open would take for a database, and an initdb child outliving a killed parent
 * writes only into its own folder.
 */
async function initDataDir(dataDir: string): Promise<void> {
  const entries = existsSync(dataDir) ? readdirSync(dataDir) : [];
  if (entries.some((entry) => !DATA_DIR_ENTRY.test(entry))) {
    throw new DatabaseError(`${dataDir} is not empty but holds no database (it has no PG_VERSION)`, {
      hint: 'point the target at another path, or empty the folder if it may be replaced by a new database',
    });
  }
  // Only PostgreSQL's own files and no PG_VERSION: a first open interrupted before this staging existed (or a
  // copy cut short). It never held data: start afresh.
  if (entries.length > 0) rmSync(dataDir, { recursive: true, force: true });
  removeAbandonedStaging(dataDir);
  const staging = `${dataDir}.initdb-${process.pid}-${randomBytes(4).toString('hex')}`;
  const entry = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
  try {
    await promisify(execFile)(process.execPath, ['--input-type=module', '-e', INIT_SCRIPT, entry, staging], { maxBuffer: 16 << 20 });
    if (existsSync(dataDir)) rmdirSync(dataDir);
    renameSync(staging, dataDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`PGlite could not initialise ${dataDir}${stderr ? `: ${stderr.split('\n').slice(-3).join(' ')}` : ''}`, { cause: error });
  }
}

/** Staging folders of first opens whose process was killed (their pid no longer runs). */
function removeAbandonedStaging(dataDir: string): void {
  const prefix = `${basename(dataDir)}.initdb-`;
  for (const name of readdirSync(dirname(dataDir))) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    let running = true;
    try {
      process.kill(pid, 0);
    } catch (error) {
      running = (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
    if (!running) rmSync(join(dirname(dataDir), name), { recursive: true, force: true });
  }
}

class PgliteSession implements Session {
  constructor(private readonly db: PgliteLike) {}

  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      const result = await this.db.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, command: commandOf(sql) };
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  async execute(sql: string): Promise<void> {
    try {
      await this.db.exec(sql);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  /**
   * PGlite's COPY reads from a virtual `/dev/blob` file that must be handed over whole, so this buffers the
   * source. Callers with large files feed it bounded chunks (see seeds), keeping memory flat.
   */
  async copyFrom(copyStatement: string, source: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    const chunks: Buffer[] = [];
    for await (const chunk of source) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    const statement = copyStatement.replace(FROM_STDIN, "from '/dev/blob'");
    try {
      const result = await this.db.query(statement, [], { blob: new Blob(chunks) });
      return result.affectedRows ?? 0;
    } catch (error) {
      throw toDatabaseError(error, copyStatement);
    }
  }
}

/** PGlite does not return the command tag, so take the statement's first keyword. */
function commandOf(sql: string): string {
  const match = /^\s*(?:--[^\n]*\n\s*)*([a-z]+)/i.exec(sql);
  return match ? match[1]!.toUpperCase() : '';
}
