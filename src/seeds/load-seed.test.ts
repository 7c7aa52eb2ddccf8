import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { adapterKinds, useTestAdapter } from '../testing/test-databases.js';
import type { Adapter } from '../adapters/adapter.js';
import { SeedError } from '../errors/trevco-error.js';
import { loadSeed } from './load-seed.js';
import type { SeedJob, SeedOptions } from './seed-job.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'trevco-seeds-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes project files (text or bytes) and returns their absolute paths. */
function write(files: Record<string, string | Buffer>): string[] {
  return Object.entries(files).map(([path, content]) => {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return absolute;
  });
}

function job(table: string, files: Record<string, string | Buffer>, extra: Partial<SeedJob> = {}): SeedJob {
  return {
    nodeId: `seed.proj.${table}`,
    schema: 'seeds',
    table,
    files: write(files).sort(),
    displayPath: (file) => relative(root, file),
    ...extra,
  };
}

async function failure(adapter: Adapter, seed: SeedJob, options?: SeedOptions): Promise<SeedError> {
  const error = await loadSeed(adapter, seed, options).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SeedError);
  return error as SeedError;
}

describe.each(adapterKinds())('loadSeed on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'against a fresh database', () => {
    const connection = useTestAdapter(kind);
    const rows = async (sql: string) => (await connection().query(sql)).rows;
    const types = async (table: string) =>
      Object.fromEntries((await rows(`select column_name, data_type from information_schema.columns
        where table_schema = 'seeds' and table_name = '${table}' order by ordinal_position`)).map((r) => [r.column_name, r.data_type]));

    it('infers types: leading zeros stay text, empty is NULL, booleans, timestamps; metadata columns last', async () => {
      const csv = [
        'id,zip,flag,amount,big,day,at,at_tz,note',
        '1,00123,True,1.50,9000000000,2025-01-31,2025-01-31 23:07:42,2025-01-31T23:07:42Z,hello',
        '2,04567,False,,1,2024-02-29,2025-02-01 00:00:00,2025-02-01 00:00:00+02,',
        '3,,t,-3,2,,,,x',
      ].join('\n') + '\n';
      const result = await loadSeed(connection(), job('inferred', { 'seeds/inferred.csv': csv }));
      expect(result).toEqual({ rowsLoaded: 3, quarantined: 0, mode: 'full' });
      expect(await types('inferred')).toEqual({
        id: 'integer', zip: 'text', flag: 'boolean', amount: 'numeric', big: 'bigint', day: 'date',
        at: 'timestamp without time zone', at_tz: 'timestamp with time zone', note: 'text',
        _trevco_loaded_at: 'timestamp with time zone', _trevco_source_file: 'text',
      });
      expect(await rows('select id, zip, flag, amount, note, _trevco_source_file as f from seeds.inferred order by id')).toEqual([
        { id: 1, zip: '00123', flag: true, amount: '1.50', note: 'hello', f: 'seeds/inferred.csv' },
        { id: 2, zip: '04567', flag: false, amount: null, note: null, f: 'seeds/inferred.csv' },
        { id: 3, zip: null, flag: true, amount: '-3', note: 'x', f: 'seeds/inferred.csv' },
      ]);
      expect(await rows('select count(distinct _trevco_loaded_at)::int as n from seeds.inferred')).toEqual([{ n: 1 }]);
    });

    it('lets columnTypes override inference and widens a column when a value beyond the sample does not fit', async () => {
      const lines = ['id,code,qty'];
      for (let i = 1; i <= 400; i++) lines.push(`${i},${i},${i}`);
      lines.push('401,4O1,2.5');
      const seed = job('widened', { 'seeds/widened.csv': lines.join('\n') + '\n' }, { columnTypes: { id: 'bigint' } });
      const result = await loadSeed(connection(), seed, { inferenceSampleBytes: 256 });
      expect(result.rowsLoaded).toBe(401);
      expect(await types('widened')).toMatchObject({ id: 'bigint', code: 'text', qty: 'numeric' });
      expect(await rows(`select code, qty from seeds.widened where id = 401`)).toEqual([{ code: '4O1', qty: '2.5' }]);
    });

    it('loads a BOM and CRLF line ends, and a glob of daily files into one table', async () => {
      const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,name\r\n1,"a\r\nb"\r\n2,c\r\n')]);
      await loadSeed(connection(), job('bom', { 'seeds/bom.csv': bom }));
      expect(await rows('select id, name from seeds.bom order by id')).toEqual([{ id: 1, name: 'a\r\nb' }, { id: 2, name: 'c' }]);
      const daily = job('daily', {
        'csv/orders/2025-01-01.csv': 'order_id,total\n1,10.5\n2,3\n',
        'csv/orders/2025-01-02.csv': 'total,order_id\n7,3\n',
      });
      expect((await loadSeed(connection(), daily)).rowsLoaded).toBe(3);
      expect(await rows('select order_id, total, _trevco_source_file as f from seeds.daily order by order_id')).toEqual([
        { order_id: 1, total: '10.5', f: 'csv/orders/2025-01-01.csv' },
        { order_id: 2, total: '3', f: 'csv/orders/2025-01-01.csv' },
        { order_id: 3, total: '7', f: 'csv/orders/2025-01-02.csv' },
      ]);
    });

    it('re-seeds atomically: views keep working, a failing reload leaves the old data and views', async () => {
      const ddl = { path: 'sql/countries.sql', text: 'create table {{this}} (code char(2) primary key, name text not null, rank integer)' };
      await loadSeed(connection(), job('countries', { 'seeds/countries.csv': 'code,name,rank\nNL,Netherlands,1\n' }, { ddl }));
      await connection().execute(`create view seeds.v_countries as select code, name from seeds.countries;
        create view public.v_names as select upper(name) as n from seeds.v_countries`);
      await loadSeed(connection(), job('countries', { 'seeds/countries.csv': 'code,name,rank\nNL,Netherlands,1\nBE,Belgium,2\n' }, { ddl }));
      expect(await rows('select n from public.v_names order by n')).toEqual([{ n: 'BELGIUM' }, { n: 'NETHERLANDS' }]);

      const bad = job('countries', { 'seeds/countries.csv': 'code,name,rank\nFR,France,3\nDE,Germany,x\n' }, { ddl });
      const error = await failure(connection(), bad);
      expect(error.message).toBe("seeds/countries.csv:3: column 'rank' expects integer, found 'x'");
      expect(error).toMatchObject({ code: 'SEED', file: 'seeds/countries.csv', line: 3, column: 12, nodeId: 'seed.proj.countries' });
      expect(await rows('select n from public.v_names order by n')).toEqual([{ n: 'BELGIUM' }, { n: 'NETHERLANDS' }]);
      expect(await rows(`select relname from pg_class where relname like 'countries%' order by 1`)).toEqual([
        { relname: 'countries' }, { relname: 'countries_pkey' },
      ]);
    });

    describe('bad input names the file, line and column and leaves the table as it was', () => {
      const ddl = { path: 'sql/bad.sql', text: 'create table {{ this }} (id integer, day date, label text)' };
      beforeAll(async () => {
        await loadSeed(connection(), job('bad', { 'seeds/bad.csv': 'id,day,label\n1,2025-01-01,kept\n' }, { ddl }));
      });
      const cases: [string, string | Buffer, string, number | undefined][] = [
        ['too many fields', 'id,day,label\n1,2025-01-01,a\n2,2025-01-02,b,extra\n', 'seeds/bad.csv:3: row has 4 fields, the header has 3', 3],
        ['too few fields', 'id,day,label\n1,2025-01-01\n', "seeds/bad.csv:2: row has 2 fields, the header has 3 (no value for column 'label')", 2],
        ['an unterminated quote', 'id,day,label\n1,2025-01-01,a\n2,2025-01-02,"b\n3,2025-01-03,c\n', 'seeds/bad.csv:3: unterminated quoted field: a quote opened on this line is never closed', 3],
        ['a bad integer after a quoted newline', 'id,day,label\n1,2025-01-01,"two\nlines"\nabc,2025-01-02,b\n', "seeds/bad.csv:4: column 'id' expects integer, found 'abc'", 4],
        ['Feb 30', 'id,day,label\n1,2025-02-30,a\n', "seeds/bad.csv:2: column 'day' expects date, found '2025-02-30'", 2],
        ['invalid UTF-8', Buffer.concat([Buffer.from('id,day,label\n1,2025-01-01,a\n2,2025-01-02,'), Buffer.from([0xff, 0x0a])]), 'seeds/bad.csv:3: invalid UTF-8 (bytes 0xff)', 3],
        ['a duplicate header name', 'id,day,id\n1,2025-01-01,a\n', "seeds/bad.csv:1: header column 'id' appears twice", 1],
        ['an empty header name', 'id,,label\n1,2025-01-01,a\n', 'seeds/bad.csv:1: header column 2 has no name', 1],
        ['a header that does not match the DDL', 'id,date,label,extra\n', "seeds/bad.csv:1: the header does not match the DDL sql/bad.sql: missing 'day'; extra 'date', 'extra'", 1],
        ['an empty file', '', 'seeds/bad.csv: the file is empty (a CSV needs a header line)', 1],
      ];
      it.each(cases)('%s', async (_name, content, message, line) => {
        const error = await failure(connection(), job('bad', { 'seeds/bad.csv': content }, { ddl }));
        expect(error.message).toBe(message);
        expect(error.line).toBe(line);
        expect(error.file).toBe('seeds/bad.csv');
        expect(await rows('select id, label from seeds.bad')).toEqual([{ id: 1, label: 'kept' }]);
      });

      it('a missing file', async () => {
        const seed = { ...job('bad', {}, { ddl }), files: [join(root, 'seeds/nowhere.csv')] };
        const error = await failure(connection(), seed);
        expect(error.message).toBe('seeds/nowhere.csv: file not found');
      });

      it('points at the right column of a bad value', async () => {
        const error = await failure(connection(), job('bad', { 'seeds/bad.csv': 'label,id,day\n"a, b",1,2025-13-01\n' }, { ddl }));
        expect(error.message).toBe("seeds/bad.csv:2: column 'day' expects date, found '2025-13-01'");
        expect(error.column).toBe(10);
      });
    });

    it('on PGlite-sized chunks, reports a line after a chunk boundary correctly', async () => {
      const lines = ['id,label'];
      for (let i = 1; i <= 200; i++) lines.push(i % 50 === 0 ? `${i},"multi\nline"` : `${i},row ${i}`);
      const good = job('chunked', { 'seeds/chunked.csv': lines.join('\n') + '\n' }, { columnTypes: { id: 'integer' } });
      expect((await loadSeed(connection(), good, { pgliteChunkBytes: 300 })).rowsLoaded).toBe(200);
      expect(await rows(`select count(*)::int as n, sum(id)::int as s from seeds.chunked`)).toEqual([{ n: 200, s: 20100 }]);
      lines[181] = 'oops,bad';
      const bad = job('chunked', { 'seeds/chunked.csv': lines.join('\n') + '\n' }, { columnTypes: { id: 'integer' } });
      const error = await failure(connection(), bad, { pgliteChunkBytes: 300 });
      // Line 182 of the array is file line 182 + 3 quoted newlines before it (rows 50, 100, 150).
      expect(error.message).toBe("seeds/chunked.csv:185: column 'id' expects integer, found 'oops'");
      expect(await rows(`select count(*)::int as n from seeds.chunked`)).toEqual([{ n: 200 }]);
    });

    it('quarantines bad rows with their line, text and reason, and loads the good ones', async () => {
      const ddl = { path: 'sql/q.sql', text: 'create table {{ this }} (id integer, day date, amount numeric(5,2), code varchar(3))' };
      const csv = Buffer.concat([
        Buffer.from('id,day,amount,code\r\n1,2025-01-01,1.50,abc\r\nx,2025-01-02,2,a\r\n3,2025-02-30,3,b\r\n4,2025-01-04,"12345.6",c\r\n'),
        Buffer.from('5,2025-01-05,5\r\n6,2025-01-06,6,toolong\r\n7,2025-01-07,7,"multi\r\nline"\r\n8,,,'),
        Buffer.from([0xff]),
        Buffer.from('\r\n9,2025-01-09,9.99,z\r\n'),
      ]);
      const result = await loadSeed(connection(), job('q', { 'seeds/q.csv': csv }, { ddl }), { onBadRows: 'quarantine', pgliteChunkBytes: 64 });
      expect(result).toEqual({ rowsLoaded: 2, quarantined: 7, quarantineTable: 'seeds.q__quarantine', mode: 'full' });
      expect(await rows('select id, code from seeds.q order by id')).toEqual([{ id: 1, code: 'abc' }, { id: 9, code: 'z' }]);
      expect(await rows('select line, raw, reason from seeds.q__quarantine order by line')).toEqual([
        { line: 3, raw: 'x,2025-01-02,2,a', reason: "column 'id' expects integer, found 'x' (not an integer)" },
        { line: 4, raw: '3,2025-02-30,3,b', reason: "column 'day' expects date, found '2025-02-30' (not a real date)" },
        { line: 5, raw: '4,2025-01-04,"12345.6",c', reason: "column 'amount' expects numeric(5,2), found '12345.6' (does not fit numeric(5,2))" },
        { line: 6, raw: '5,2025-01-05,5', reason: 'row has 3 fields, the header has 4' },
        { line: 7, raw: '6,2025-01-06,6,toolong', reason: "column 'code' expects character varying(3), found 'toolong' (longer than 3 characters)" },
        { line: 8, raw: '7,2025-01-07,7,"multi\r\nline"', reason: "column 'code' expects character varying(3), found 'multi\r\nline' (longer than 3 characters)" },
        { line: 10, raw: '8,,,\uFFFD', reason: 'invalid UTF-8' },
      ]);
      // The next load replaces the quarantine table.
      const clean = await loadSeed(connection(), job('q', { 'seeds/q.csv': 'id,day,amount,code\n1,2025-01-01,1,a\n' }, { ddl }), { onBadRows: 'quarantine' });
      expect(clean.quarantined).toBe(0);
      expect(await rows('select count(*)::int as n from seeds.q__quarantine')).toEqual([{ n: 0 }]);
    });

    it('reports progress up to the total bytes', async () => {
      const seen: { bytesRead: number; totalBytes: number; rows: number }[] = [];
      await loadSeed(connection(), job('progress', { 'seeds/progress.csv': 'a\n1\n2\n3\n' }), { onProgress: (p) => seen.push(p) });
      expect(seen.at(-1)).toEqual({ bytesRead: 8, totalBytes: 8, rows: 3 });
    });
  });
});
