import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';
import { generateDataset } from './generate-dataset.js';
import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import type { ColumnKind } from './table-specs.js';

/*
 * The committed default data set (csv/) and the raw-table DDL (sql/ddl/): the files must be what the documented
 * command produces, and PostgreSQL must load them with the DDL as written. The load runs against the PostgreSQL
 * server of the development machine and CI (TREVCO_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432/test),
 * in a schema of its own that is dropped afterwards.
 */
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

/** The documented command: npm run gen-data -- --orders 2500 --seed 1 --out csv */
const DEFAULT_OPTIONS = { orders: 2500, seed: 1 } as const;
const dataset = generateDataset(DEFAULT_OPTIONS);

const SQL_TYPES: { readonly [K in ColumnKind]: string } = {
  id: 'bigint',
  integer: 'integer',
  money: 'numeric(12,2)',
  percent: 'numeric(5,2)',
  timestamp: 'timestamp',
  text: 'text',
  boolean: 'boolean',
};

describe('csv/', () => {
  it('is exactly what `npm run gen-data -- --orders 2500 --seed 1 --out csv` writes', async () => {
    for (const name of TABLE_NAMES) {
      const committed = await read(`csv/${name}.csv`);
      expect(committed === toCsv(TABLE_SPECS[name], dataset[name] as never), `csv/${name}.csv`).toBe(true);
    }
  });
});

describe('sql/ddl/', () => {
  it('holds one create table statement per raw table, columns and types matching the export', async () => {
    for (const name of TABLE_NAMES) {
      const columns = TABLE_SPECS[name].columns.map((c) => `  ${c.name} ${SQL_TYPES[c.kind]}`).join(',\n');
      expect(await read(`sql/ddl/${name}.sql`)).toBe(`create table {{ this }} (\n${columns}\n);\n`);
    }
  });

  describe('loaded into PostgreSQL with COPY', () => {
    const client = new pg.Client({ connectionString: process.env.TREVCO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test' });
    const schema = `gen_ddl_${process.pid}_${Date.now()}`;
    beforeAll(async () => {
      await client.connect();
      await client.query(`create schema "${schema}"`);
      await client.query(`set search_path to "${schema}"`);
      for (const name of TABLE_NAMES) {
        await client.query((await read(`sql/ddl/${name}.sql`)).replace('{{ this }}', `"${schema}"."${name}"`));
        const copy = client.query(copyFrom(`copy "${schema}"."${name}" from stdin with (format csv, header true)`));
        await pipeline(createReadStream(new URL(`csv/${name}.csv`, root)), copy);
      }
    }, 30_000);
    afterAll(async () => {
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    });

    const scalar = async (sql: string): Promise<unknown> =>
      Object.values((await client.query<Record<string, unknown>>(sql)).rows[0]!)[0];

    it('loads every row', async () => {
      for (const name of TABLE_NAMES) {
        expect(await scalar(`select count(*)::int from ${name}`), name).toBe(dataset[name].length);
      }
    });

    it('agrees with PostgreSQL arithmetic: totals, line totals, subtotals, margins', async () => {
      expect(await scalar('select count(*)::int from orders where total_usd <> round(subtotal_usd * (1 - discount_pct / 100), 2)')).toBe(0);
      expect(await scalar('select count(*)::int from order_items where line_total_usd <> quantity * unit_price_usd')).toBe(0);
      expect(await scalar('select count(*)::int from products where margin_usd <> price_usd - cost_usd')).toBe(0);
      expect(await scalar(`
        select count(*)::int
        from orders o
        left join (select order_id, sum(line_total_usd) as lines_usd from order_items group by order_id) i using (order_id)
        where i.lines_usd is distinct from o.subtotal_usd`)).toBe(0);
    });

    it('keeps NULLs, booleans and multi-line text', async () => {
      expect(await scalar("select count(*)::int from events where event_type = 'page_view' and product_id is not null")).toBe(0);
      expect(await scalar('select count(*)::int from reviews where review_text is null')).toBeGreaterThan(0);
      expect(await scalar("select count(*)::int from reviews where review_text like '%,%' and review_text like '%\"%' and review_text like E'%\\n%'")).toBeGreaterThan(0);
      expect(await scalar('select count(distinct marketing_opt_in)::int from customers')).toBe(2);
    });
  });
});
