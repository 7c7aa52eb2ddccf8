import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Adapter, QueryResult, Row, Session } from '../adapter.js';
import { toDatabaseError } from '../database-error.js';
import { DatabaseError } from '../../errors/trevco-error.js';

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
}

/** The PostgreSQL adapter: a `pg` pool, COPY through pg-copy-streams. */
export class PostgresAdapter implements Adapter {
  readonly type = 'postgres' as const;
  readonly maxConnections: number;
  readonly capabilities = { copyBuffersInput: false };
  private readonly pool: pg.Pool;

  constructor(options: PostgresAdapterOptions) {
    this.maxConnections = Math.max(1, options.threads);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: this.maxConnections,
      types: typeParsers(),
      application_name: options.applicationName ?? 'trevco',
    });
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
      throw new DatabaseError(`could not connect to PostgreSQL: ${(error as Error).message}`, {
        hint: 'check the target url (or host, port, user, database) in project.yml and that the server is running',
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
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toDatabaseError(error);
    }
    let broken: Error | undefined;
    try {
      return await work(new PostgresSession(client));
    } catch (error) {
      // A connection that died mid-statement must not go back to the pool.
      if (isConnectionError(error)) broken = error as Error;
      throw error;
    } finally {
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

function isConnectionError(error: unknown): boolean {
  const cause = error instanceof DatabaseError ? (error.cause as { code?: string } | undefined) : (error as { code?: string });
  const code = cause?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === '57P01' || code === '57P02' || code === '57P03';
}
