import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/test-databases.js';
import { isCopyFromStdin, mentionsCopyFromStdin } from './copy-over-socket.js';
import { PgliteAdapter } from './pglite-adapter.js';
import { servePglite, type PgliteServer } from './serve-pglite.js';

describe('the served PGlite socket', () => {
  let database: TestDatabase;
  let adapter: PgliteAdapter;
  let server: PgliteServer;
  const url = (): string => `postgres://postgres@127.0.0.1:${server.port}/postgres`;

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    adapter = (await database.open()) as PgliteAdapter;
    server = await servePglite(adapter, { host: '127.0.0.1', port: 0 });
    await adapter.execute('create table public.items (id int primary key, name text not null)');
  });
  afterAll(async () => {
    await server?.stop();
    await adapter?.close();
    await database?.drop();
  });

  async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: url() });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  it('runs COPY FROM STDIN sent in several chunks, inside the client transaction', async () => {
    await withClient(async (client) => {
      await client.query('begin');
      await pipeline(Readable.from(['1,apple\n2,ba', 'nana\n3,"cherry, red"\n']), client.query(copyFrom('copy public.items (id, name) from stdin with (format csv)')));
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 3 }]);
      await client.query('rollback');
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 0 }]);
      await pipeline(Readable.from(['1,apple\n2,banana\n3,"cherry, red"\n']), client.query(copyFrom('COPY public.items (id, name) FROM STDIN WITH (FORMAT csv);')));
    });
    expect((await adapter.query('select id, name from public.items order by id')).rows).toEqual([{ id: 1, name: 'apple' }, { id: 2, name: 'banana' }, { id: 3, name: 'cherry, red' }]);
  });

  it("reports a COPY error with PostgreSQL's message and line, and the connection stays usable", async () => {
    await withClient(async (client) => {
      const error = await pipeline(Readable.from(['4,date\n5\n']), client.query(copyFrom('copy public.items (id, name) from stdin with (format csv)'))).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ message: expect.stringContaining('missing data for column "name"'), where: expect.stringContaining('line 2') });
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 3 }]);
    });
  });

  it('turns a COPY the client abandons (CopyFail) into an error, and the connection stays usable', async () => {
    await withClient(async (client) => {
      const failing = new Readable({
        read() {
          this.push('6,fig\n');
          this.destroy(new Error('the export broke'));
        },
      });
      const error = await pipeline(failing, client.query(copyFrom('copy public.items (id, name) from stdin with (format csv)'))).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ message: 'the export broke' });
      // The server answered the CopyFail with an error and ReadyForQuery: the connection goes on, nothing loaded.
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 3 }]);
    });
  });

  it('refuses COPY FROM STDIN among other statements or as a prepared statement, instead of wedging the server', async () => {
    await withClient(async (client) => {
      await expect(client.query('select 1; copy public.items from stdin')).rejects.toMatchObject({ code: '0A000', message: expect.stringContaining('COPY FROM STDIN must be sent as a query of its own') });
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 3 }]);
      await expect(client.query({ name: 'copy_it', text: 'copy public.items from stdin' })).rejects.toMatchObject({ code: '0A000', message: expect.stringContaining('not a prepared statement') });
      expect((await client.query('select count(*)::int as n from public.items')).rows).toEqual([{ n: 3 }]);
    });
    // Other clients are unaffected.
    await withClient(async (client) => expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]));
  });

  it('leaves other statements to PGlite untouched', async () => {
    await withClient(async (client) => {
      expect((await client.query('select $1::int + 1 as v', [41])).rows).toEqual([{ v: 42 }]);
      expect((await client.query("select 'copy x from stdin' as text")).rows).toEqual([{ text: 'copy x from stdin' }]);
    });
  });

  it('rolls back the open transaction of a client cut off when the server stops', async () => {
    const client = new pg.Client({ connectionString: url() });
    client.on('error', () => undefined);
    await client.connect();
    await client.query('begin');
    await client.query("insert into public.items values (99, 'half done')");
    await server.stop();
    await client.end().catch(() => undefined);
    expect(adapter.instance.isInTransaction()).toBe(false);
    expect((await adapter.query('select count(*)::int as n from public.items where id = 99')).rows).toEqual([{ n: 0 }]);
    server = await servePglite(adapter, { host: '127.0.0.1', port: 0 });
  });

  it('recognises one COPY … FROM STDIN statement only', () => {
    expect(isCopyFromStdin('copy t from stdin')).toBe(true);
    expect(isCopyFromStdin('  COPY "t" (a, b) FROM STDIN WITH (FORMAT csv, HEADER true);  ')).toBe(true);
    expect(isCopyFromStdin("copy t from '/tmp/x.csv'")).toBe(false);
    expect(isCopyFromStdin('copy t to stdout')).toBe(false);
    expect(isCopyFromStdin("select 'copy t from stdin'")).toBe(false);
    expect(isCopyFromStdin('copy t from stdin; select 1')).toBe(false);
    expect(mentionsCopyFromStdin('select 1; COPY t FROM STDIN')).toBe(true);
    expect(mentionsCopyFromStdin("select 'copy t from stdin', $$copy t from stdin$$ -- copy t from stdin")).toBe(false);
  });
});
