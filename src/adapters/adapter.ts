import type { Readable } from 'node:stream';
import type { WriterLock, WriterLockOptions } from './writer-lock.js';

export type AdapterType = 'postgres' | 'pglite';

/** Rows come back with int8, numeric, date and timestamp values as strings on both adapters, so results compare. */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  readonly rows: R[];
  /** Rows affected (INSERT/UPDATE/DELETE/MERGE/COPY/CREATE TABLE AS) or returned (SELECT). */
  readonly rowCount: number;
  /** The command tag's verb, e.g. SELECT, INSERT, MERGE. */
  readonly command: string;
}

/** One database connection. Statements on a session run in order; a session is never shared by two tasks at once. */
export interface Session {
  /** Runs one statement, with values passed as parameters ($1, $2, …), never spliced into the SQL. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (DDL, hooks, DO blocks). */
  execute(sql: string): Promise<void>;
  /**
   * Streams CSV bytes into a `COPY … FROM STDIN` statement and resolves with the number of rows copied.
   * The statement must say `FROM STDIN`; the PGlite adapter rewrites it for its own COPY path.
   */
  copyFrom(copyStatement: string, source: Readable | AsyncIterable<Buffer | string>): Promise<number>;
}

/** Where a relation lives and what it is. */
export interface RelationInfo {
  readonly schema: string;
  readonly name: string;
  readonly kind: 'table' | 'view' | 'materialized_view';
  /** The comment on the relation (trevco stores a checksum there for materialized views). */
  readonly comment: string | null;
}

/** Where engines differ, each adapter says so here; code asks these, never `if (adapter.type === …)`. */
export interface AdapterCapabilities {
  /** COPY buffers its whole input in memory (PGlite), so large files go in record-aligned chunks. */
  readonly copyBuffersInput: boolean;
}

/**
 * The small surface the rest of trevco needs from a database. Both implementations speak the same SQL,
 * so materializations, seeds and tests are written once.
 */
export interface Adapter extends Session {
  readonly type: AdapterType;
  /** How many sessions may run at once (the pool size; 1 for PGlite). */
  readonly maxConnections: number;
  readonly capabilities: AdapterCapabilities;
  /** Borrows a session for a sequence of statements that must share a connection (temp tables, SET LOCAL). */
  withSession<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (session: Session) => Promise<T>): Promise<T>;
  /**
   * Makes this process the target's only writer until `release()` (see writer-lock.ts): waits for another
   * writing command to finish, up to `timeoutSeconds`, then throws a LockTimeoutError.
   */
  acquireWriterLock(options: WriterLockOptions): Promise<WriterLock>;
  close(): Promise<void>;
}
