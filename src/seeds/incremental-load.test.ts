import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { adapterKinds, createTestDatabase, type TestDatabase } from '../testing/test-databases.js';
import type { Adapter } from '../adapters/adapter.js';
import { loadSeed } from './load-seed.js';
import type { SeedJob } from './seed-job.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'trevco-cdc-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEADER = 'order_id,status,updated_at\n';

function orders(table: string, files: Record<string, string>): SeedJob {
  const paths = Object.entries(files).map(([path, content]) => {
    const absolute = join(root, table, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, HEADER + content);
    return absolute;
  });
  return {
    nodeId: `source.proj.raw.${table}`,
    schema: 'raw',
    table,
    files: paths.sort(),
    displayPath: (file) => relative(join(root, table), file),
    ddl: { path: 'sql/orders.sql', text: 'create table {{ this }} (order_id bigint, status text, updated_at timestamptz)' },
    cdcColumn: 'updated_at',
    primaryKey: ['order_id'],
  };
}

describe.each(adapterKinds())('incremental loads on $kind', ({ kind, skipReason }) => {
  let database: TestDatabase;
  let adapter: Adapter;
  const state = async (table: string) =>
    (await adapter.query(`select order_id::int as id, status, _trevco_source_file as f from raw.${table} order by order_id, status`)).rows;

  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'against a fresh database', () => {
    beforeAll(async () => {
      database = await createTestDatabase(kind);
      adapter = await database.open();
      await adapter.execute(`set timezone = 'UTC'`);
    });
    afterAll(async () => {
      await adapter?.close();
      await database?.drop();
    });

    it('loads a missing table fully the first time, then merges new, newer, older and duplicate keys', async () => {
      const first = orders('o1', { 'day1.csv': '1,placed,2025-01-01 10:00:00+00\n2,placed,2025-01-01 11:00:00+00\n3,placed,2025-01-01 12:00:00+00\n' });
      expect(await loadSeed(adapter, first, { incremental: true })).toEqual({ rowsLoaded: 3, quarantined: 0, mode: 'full' });
      const [{ at: firstLoad }] = (await adapter.query(`select max(_trevco_loaded_at)::text as at from raw.o1`)).rows as [{ at: string }];

      const second = orders('o1', {
        'day2.csv': [
          '2,shipped,2025-01-02 09:00:00+00', // newer: replaces
          '3,cancelled,2025-01-01 08:00:00+00', // older: ignored
          '4,placed,2025-01-02 10:00:00+00', // new
          '4,paid,2025-01-02 10:30:00+00', // same key, later CDC value in the same file: wins
          '5,placed,2025-01-02 11:00:00+00',
          '5,paid,2025-01-02 11:00:00+00', // tie: last in file wins
        ].join('\n') + '\n',
      });
      const result = await loadSeed(adapter, second, { incremental: true });
      expect(result).toEqual({ rowsLoaded: 6, inserted: 2, updated: 1, unchanged: 1, quarantined: 0, mode: 'incremental' });
      expect(await state('o1')).toEqual([
        { id: 1, status: 'placed', f: 'day1.csv' },
        { id: 2, status: 'shipped', f: 'day2.csv' },
        { id: 3, status: 'placed', f: 'day1.csv' },
        { id: 4, status: 'paid', f: 'day2.csv' },
        { id: 5, status: 'paid', f: 'day2.csv' },
      ]);
      const stamps = (await adapter.query(`select order_id::int as id, _trevco_loaded_at::text = $1 as old from raw.o1 order by 1`, [firstLoad])).rows;
      expect(stamps).toEqual([{ id: 1, old: true }, { id: 2, old: false }, { id: 3, old: true }, { id: 4, old: false }, { id: 5, old: false }]);

      // The same file again changes nothing.
      const again = await loadSeed(adapter, second, { incremental: true });
      expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 4, mode: 'incremental' });
      expect(await state('o1')).toHaveLength(5);
    });

    it('merges unique incoming keys against stored duplicates and NULL CDC values', async () => {
      await loadSeed(adapter, orders('o5', {
        'a.csv': '1,placed,2025-01-01 10:00:00+00\n1,dup,2025-01-01 09:00:00+00\n2,placed,\n3,placed,2025-01-01 10:00:00+00\n4,placed,\n',
      }));
      const next = orders('o5', {
        'b.csv': [
          '1,shipped,2025-01-01 11:00:00+00', // newer than every stored row of key 1: replaces both
          '2,shipped,2025-01-02 00:00:00+00', // the stored CDC value is NULL: replaces
          '3,same-time,2025-01-01 10:00:00+00', // equal: ignored
          '4,no-time,', // NULL incoming CDC value for a stored key: ignored
          '5,new,', // a new key, even without a CDC value: inserted
        ].join('\n') + '\n',
      });
      expect(await loadSeed(adapter, next, { incremental: true })).toMatchObject({ rowsLoaded: 5, inserted: 1, updated: 2, unchanged: 2 });
      expect(await state('o5')).toEqual([
        { id: 1, status: 'shipped', f: 'b.csv' },
        { id: 2, status: 'shipped', f: 'b.csv' },
        { id: 3, status: 'placed', f: 'a.csv' },
        { id: 4, status: 'placed', f: 'a.csv' },
        { id: 5, status: 'new', f: 'b.csv' },
      ]);
      expect(await loadSeed(adapter, next, { incremental: true })).toMatchObject({ inserted: 0, updated: 0, unchanged: 5 });
    });

    it('dedups composite keys within and across files, the last of equal CDC values winning', async () => {
      const job = (files: Record<string, string>) => ({ ...orders('o6', files), primaryKey: ['order_id', 'status'] });
      await loadSeed(adapter, job({ 'a.csv': '1,placed,2025-01-01 10:00:00+00\n' }));
      const next = job({
        'b.csv': '1,placed,2025-01-02 10:00:00+00\n2,placed,2025-01-02 10:00:00+00\n',
        'c.csv': '1,placed,2025-01-02 10:00:00+00\n1,paid,2025-01-01 00:00:00+00\n',
      });
      expect(await loadSeed(adapter, next, { incremental: true })).toMatchObject({ rowsLoaded: 4, inserted: 2, updated: 1, unchanged: 0 });
      expect(await state('o6')).toEqual([
        { id: 1, status: 'paid', f: 'c.csv' },
        { id: 1, status: 'placed', f: 'c.csv' },
        { id: 2, status: 'placed', f: 'b.csv' },
      ]);
      expect(await loadSeed(adapter, next, { incremental: true })).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
    });

    it('merges only the CDC window of runDate and lookbackDays', async () => {
      await loadSeed(adapter, orders('o2', { 'a.csv': '1,placed,2025-01-01 10:00:00+00\n' }));
      const late = orders('o2', {
        'b.csv': '1,old-news,2025-01-05 10:00:00+00\n2,in-window,2025-01-09 23:59:00+00\n3,future,2025-01-10 00:00:00+00\n4,edge,2025-01-08 00:00:00+00\n',
      });
      const result = await loadSeed(adapter, late, { incremental: true, runDate: '2025-01-09', lookbackDays: 1 });
      expect(result).toMatchObject({ inserted: 2, updated: 0, unchanged: 0 });
      expect((await state('o2')).map((r) => r.status)).toEqual(['placed', 'in-window', 'edge']);
    });

    it('reloads fully when incremental is off or the job has no CDC config', async () => {
      await loadSeed(adapter, orders('o3', { 'a.csv': '1,placed,2025-01-01 10:00:00+00\n2,placed,2025-01-01 10:00:00+00\n' }));
      const next = orders('o3', { 'a.csv': '3,placed,2025-01-01 10:00:00+00\n' });
      expect(await loadSeed(adapter, { ...next, cdcColumn: undefined }, { incremental: true })).toMatchObject({ mode: 'full', rowsLoaded: 1 });
      expect((await state('o3')).map((r) => r.id)).toEqual([3]);
    });

    it('refuses a file whose columns differ from the table, leaving it untouched', async () => {
      await loadSeed(adapter, orders('o4', { 'a.csv': '1,placed,2025-01-01 10:00:00+00\n' }));
      const job = orders('o4', {});
      const file = join(root, 'o4', 'b.csv');
      writeFileSync(file, 'order_id,state,updated_at\n2,x,2025-01-02 00:00:00+00\n');
      const error = await loadSeed(adapter, { ...job, files: [file] }, { incremental: true }).catch((e: unknown) => e);
      expect((error as Error).message).toBe("b.csv:1: the header does not match the existing table raw.o4: missing 'status'; extra 'state'");
      const bad = orders('o4', { 'c.csv': '2,x,not-a-time\n' });
      const typeError = await loadSeed(adapter, bad, { incremental: true }).catch((e: unknown) => e);
      expect((typeError as Error).message).toBe("c.csv:2: column 'updated_at' expects timestamp with time zone, found 'not-a-time'");
      expect((await state('o4')).map((r) => r.id)).toEqual([1]);
    });
  });
});
