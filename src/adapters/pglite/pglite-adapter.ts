import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Adapter, QueryResult, Row, Session } from '../adapter.js';
import { toDatabaseError } from '../database-error.js';
import { TrevcoError } from '../../errors/trevco-error.js';
import { initDataDir } from './init-data-dir.js';
import { NO_WRITER_LOCK, type WriterLock, type WriterLockOptions } from '../writer-lock.js';
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
  readonly capabilities = { copyBuffersInput: true };

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

  /**
   * Nothing to take here: PGlite's data directory admits one process at a time (its directory lock, taken when
   * the database is opened), which already makes this process the only writer.
   */
  acquireWriterLock(options: WriterLockOptions): Promise<WriterLock> {
    void options;
    return Promise.resolve(NO_WRITER_LOCK);
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
