import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Adapter, QueryResult, Row, Session } from '../adapter.js';
import { isConnectionLoss } from '../connection-loss.js';
import { toDatabaseError } from '../database-error.js';
import { DatabaseError } from '../../errors/trevco-error.js';
import type { WriterLock, WriterLockOptions } from '../writer-lock.js';
import { acquireAdvisoryWriterLock } from './advisory-writer-lock.js';
import { missingPasswordGuard, NO_PASSWORD_MESSAGE } from './missing-password.js';

/** int8, numeric, date, timestamp and timestamptz stay strings, as PGlite is configured too, so both agree. */
const RAW_TEXT_TYPES = [20, 1700, 1082, 1114, 1184];

function typeParsers(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: string) =>
      RAW_TEXT_TYPES.includes(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface PostgresAdapterOptions {
  readonly url: string;
  /** Pool size: one connection per thread. */
  readonly threads: number;
  /** Application name shown in pg_stat_activity. */
  readonly applicationName?: string;
  /**
   * Seconds a new connection may take to be established and authenticated (default 10, libpq's
   * `connect_timeout`). Without it a server that never answers, or one asking a password-less URL for SCRAM,
   * keeps a command waiting for a minute or more.
   */
  readonly connectTimeoutSeconds?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;

/** The PostgreSQL adapter: a `pg` pool, COPY through pg-copy-streams. */
export class PostgresAdapter implements Adapter {
  readonly type = 'postgres' as const;
  readonly maxConnections: number;
  readonly capabilities = { copyBuffersInput: false };
  private readonly pool: pg.Pool;
  private readonly clientConfig: pg.ClientConfig;
  private readonly Client: typeof pg.Client;
  /** Set when the writer lock's session ended under a running command: no statement may run after that. */
  private writerLockLost: string | undefined;

  constructor(options: PostgresAdapterOptions) {
    this.maxConnections = Math.max(1, options.threads);
    this.clientConfig = {
      connectionString: options.url,
      types: typeParsers(),
      application_name: options.applicationName ?? 'trevco',
      connectionTimeoutMillis: Math.round((options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000),
    };
    const { connectionTimeoutMillis, ...poolConfig } = this.clientConfig;
    this.Client = guardedClient(options.url, connectionTimeoutMillis!);
    this.pool = new pg.Pool({ ...poolConfig, max: this.maxConnections, Client: this.Client });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  /** Opens the pool and checks the server answers, so a bad URL fails here with a clear message. */
  static async connect(options: PostgresAdapterOptions): Promise<PostgresAdapter> {
    const adapter = new PostgresAdapter(options);
    try {
      await adapter.query('select 1');
    } catch (error) {
      await adapter.close();
      const said = (error as Error).message;
      const seconds = options.connectTimeoutSeconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS;
      const timedOut = /timeout expired/.test(said);
      throw new DatabaseError(timedOut ? `could not connect to PostgreSQL within ${seconds}s (connect_timeout)` : `could not connect to PostgreSQL: ${said}`, {
        hint: said.includes(NO_PASSWORD_MESSAGE)
          ? "put the password in the target's url (postgres://user:PASSWORD@host/db, e.g. from env_var()) or password:, or set PGPASSWORD"
          : timedOut
            ? 'the server did not answer in time: check host and port, or raise connect_timeout on the target'
            : 'check the target url (or host, port, user, database) in project.yml and that the server is running',
        cause: error,
      });
    }
    return adapter;
  }

  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    return this.withSession((session) => session.query<R>(sql, params));
  }

  execute(sql: string): Promise<void> {
    return this.withSession((session) => session.execute(sql));
  }

  copyFrom(copyStatement: string, source: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    return this.withSession((session) => session.copyFrom(copyStatement, source));
  }

  async withSession<T>(work: (session: Session) => Promise<T>): Promise<T> {
    if (this.writerLockLost !== undefined) {
      // A connection-loss error: the run stops and reports what it did not reach as skipped.
      throw new DatabaseError(`lost the connection to the database: ${this.writerLockLost}; stopped so that no other command writes at the same time`);
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
    let broken: Error | undefined;
    // While checked out, a client has no 'error' listener of the pool's: a backend terminated under a query (or
    // a server restart) would emit an unhandled 'error' and crash the process. The query itself rejects too.
    const onLost = (error: Error): void => {
      broken = error;
    };
    client.on('error', onLost);
    try {
      return await work(new PostgresSession(client));
    } catch (error) {
      // A connection that died mid-statement must not go back to the pool.
      if (isConnectionLoss(error)) broken = error as Error;
      throw error;
    } finally {
      client.removeListener('error', onLost);
      client.release(broken);
    }
  }

  transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.execute('begin');
      try {
        const result = await work(session);
        await session.execute('commit');
        return result;
      } catch (error) {
        await session.execute('rollback').catch(() => undefined);
        throw error;
      }
    });
  }

  /** A session-level advisory lock on its own connection (see advisory-writer-lock.ts). */
  acquireWriterLock(options: WriterLockOptions): Promise<WriterLock> {
    return acquireAdvisoryWriterLock(this.Client, this.clientConfig, options, (reason) => {
      this.writerLockLost = reason;
    });
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

class PostgresSession implements Session {
  constructor(private readonly client: pg.PoolClient) {}

  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    try {
      const result = await this.client.query<R>(sql, params as unknown[] | undefined);
      return { rows: result.rows ?? [], rowCount: result.rowCount ?? 0, command: result.command ?? '' };
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  async execute(sql: string): Promise<void> {
    try {
      await this.client.query(sql);
    } catch (error) {
      throw toDatabaseError(error, sql);
    }
  }

  async copyFrom(copyStatement: string, source: Readable | AsyncIterable<Buffer | string>): Promise<number> {
    const sink = this.client.query(copyFromStdin(copyStatement));
    try {
      await pipeline(source instanceof Readable ? source : Readable.from(source), sink);
    } catch (error) {
      throw toDatabaseError(error, copyStatement);
    }
    return sink.rowCount ?? 0;
  }
}

/**
 * pg.Client with the connect timeout and the missing-password guard. The timeout goes on each new client, not
 * on the pool: pg.Pool would also apply it to waiting for a free connection, which a busy pool legitimately does
 * for longer. The guard replaces the password pg takes from the URL (an empty string when the URL has none),
 * since pg reads `password` from the connection string over any option.
 */
function guardedClient(url: string, connectionTimeoutMillis: number): typeof pg.Client {
  const guard = missingPasswordGuard(url);
  return class GuardedClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis });
      if (guard) (this as unknown as { password: unknown }).password = guard;
    }
  };
}
