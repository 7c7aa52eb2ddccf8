import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';
import { generateDataset } from './generate-dataset.js';
import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import type { ColumnKind } from './table-specs.js';

/*
 * The committed default data set (csv/) and the raw-table DDL (sql/ddl/): the files must be what the documented
 * command produces. That trevco loads them with the DDL, on both adapters, is the warehouse's end-to-end test.
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

});
