import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { adapterKinds, useTestAdapter } from '../testing/test-databases.js';
import { ensureSchema, getColumns, getRelation, listRelations } from './relations.js';
import { DatabaseError } from '../errors/trevco-error.js';

describe.each(adapterKinds())('adapter on $kind', ({ kind, skipReason }) => {

  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'against a fresh database', () => {
    const connection = useTestAdapter(kind);

    it('returns int8, numeric, date and timestamp values as text on both adapters', async () => {
      const result = await connection().query(
        `select 9007199254740993::bigint as big, 1.10::numeric(5,2) as money, date '2025-02-01' as d,
                timestamp '2025-01-31 23:07:42' as ts, 3::int as small, true as flag, $1::text as param`,
        ['hello'],
      );
      expect(result.rows).toEqual([
        { big: '9007199254740993', money: '1.10', d: '2025-02-01', ts: '2025-01-31 23:07:42', small: 3, flag: true, param: 'hello' },
      ]);
    });

    it('rolls a failed transaction back', async () => {
      await connection().execute('create table rollback_probe (id int)');
      await expect(
        connection().transaction(async (session) => {
          await session.query('insert into rollback_probe values (1)');
          await session.query('select * from missing_table');
        }),
      ).rejects.toBeInstanceOf(DatabaseError);
      const count = await connection().query<{ n: number }>('select count(*)::int as n from rollback_probe');
      expect(count.rows[0]!.n).toBe(0);
    });

    it('maps a server error position to the line and column of the statement', async () => {
      const sql = 'select 1\nfrom nowhere_at_all';
      const error = await connection().query(sql).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).sqlState).toBe('42P01');
      expect((error as DatabaseError).line).toBe(2);
      expect((error as DatabaseError).column).toBe(6);
    });

    it('copies CSV from a stream and counts the rows', async () => {
      await ensureSchema(connection(), 'Raw Data');
      await connection().execute('create table "Raw Data".items (id int, label text)');
      const copied = await connection().copyFrom(
        'copy "Raw Data".items (id, label) from stdin with (format csv, header true)',
        Readable.from(['id,label\n1,"a, b"\n', '2,"say ""hi"""\n']),
      );
      expect(copied).toBe(2);
      const rows = await connection().query('select id, label from "Raw Data".items order by id');
      expect(rows.rows).toEqual([{ id: 1, label: 'a, b' }, { id: 2, label: 'say "hi"' }]);
    });

    it('looks relations and columns up by exact name', async () => {
      await connection().execute('create table "CaseSensitive" (a numeric(12,2), b text); create view v_probe as select 1 as x; create materialized view mv_probe as select 1 as x');
      expect(await getRelation(connection(), 'public', 'CaseSensitive')).toMatchObject({ kind: 'table' });
      expect(await getRelation(connection(), 'public', 'casesensitive')).toBeUndefined();
      expect(await getRelation(connection(), 'public', 'v_probe')).toMatchObject({ kind: 'view' });
      expect(await getRelation(connection(), 'public', 'mv_probe')).toMatchObject({ kind: 'materialized_view' });
      expect(await getColumns(connection(), 'public', 'CaseSensitive')).toEqual([
        { name: 'a', type: 'numeric(12,2)' },
        { name: 'b', type: 'text' },
      ]);
      const names = (await listRelations(connection(), ['public'])).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining(['CaseSensitive', 'v_probe', 'mv_probe']));
    });
  });
});
