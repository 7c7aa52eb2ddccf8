import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { adapterKinds, useTestAdapter } from '../testing/test-databases.js';
import { SeedError } from '../errors/trevco-error.js';
import { loadSeed } from './load-seed.js';
import { seed } from '../api/seed.js';
import { loadProjectConfig } from '../config/load-project-config.js';
import { useProjectOnDatabase } from '../testing/project-on-database.js';
import { writeProject } from '../testing/temp-project.js';
import type { SeedJob } from './seed-job.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'trevco-guards-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function job(table: string, files: Record<string, string>, extra: Partial<SeedJob> = {}): SeedJob {
  const paths = Object.entries(files).map(([path, content]) => {
    const absolute = join(root, table, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
    return absolute;
  });
  return {
    nodeId: `source.proj.raw.${table}`,
    schema: 'raw',
    table,
    files: paths.sort(),
    displayPath: (file) => relative(join(root, table), file),
    declaredAt: `project.yml:9 (sources.raw.tables.${table})`,
    ...extra,
  };
}

async function failure(promise: Promise<unknown>): Promise<SeedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SeedError) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

const CDC = { cdcColumn: 'updated_at', primaryKey: ['id'], ddl: { path: 'sql/t.sql', text: 'create table {{ this }} (id text, v int, updated_at int)' } };

describe.each(adapterKinds())('load guards on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'against a fresh database', () => {
    const adapter = useTestAdapter(kind);
    const rows = async (table: string) => (await adapter().query(`select id, v from raw.${table} order by id`)).rows;

    describe('a header-only file', () => {
      it('does not empty a table that has rows, on a full load and under --incremental without a CDC column', async () => {
        await loadSeed(adapter(), job('products', { 'p.csv': 'id,v\na,1\nb,2\n' }));
        const empty = job('products', { 'p.csv': 'id,v\n' });
        for (const options of [{}, { incremental: true }, { onBadRows: 'quarantine' as const }]) {
          const error = await failure(loadSeed(adapter(), empty, options));
          expect(error.message).toBe('p.csv has no data rows (only a header), and raw.products has rows: loading it would empty the table, so nothing was loaded');
          expect(error.file).toBe('p.csv');
          expect(error.hint).toBe('if the export is really empty, set allow_empty: true on the source (project.yml:9 (sources.raw.tables.products)), or load with --full-refresh');
        }
        expect(await rows('products')).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 2 }]);
      });

      it('names every file of a glob that has none', async () => {
        await loadSeed(adapter(), job('daily', { 'd/1.csv': 'id,v\na,1\n' }));
        const error = await failure(loadSeed(adapter(), job('daily', { 'd/1.csv': 'id,v\n', 'd/2.csv': 'id,v\n' })));
        expect(error.message).toMatch(/^none of the 2 files \(d\/1\.csv, d\/2\.csv\) has a data row, and raw\.daily has rows/);
      });

      it('loads with allow_empty or --full-refresh, and into a missing or empty table', async () => {
        await loadSeed(adapter(), job('allowed', { 'a.csv': 'id,v\na,1\n' }));
        expect(await loadSeed(adapter(), job('allowed', { 'a.csv': 'id,v\n' }, { allowEmpty: true }))).toMatchObject({ rowsLoaded: 0 });
        expect(await rows('allowed')).toEqual([]);
        // Now empty: another empty file changes nothing and is fine.
        expect(await loadSeed(adapter(), job('allowed', { 'a.csv': 'id,v\n' }))).toMatchObject({ rowsLoaded: 0 });
        await loadSeed(adapter(), job('refreshed', { 'a.csv': 'id,v\na,1\n' }));
        expect(await loadSeed(adapter(), job('refreshed', { 'a.csv': 'id,v\n' }), { fullRefresh: true })).toMatchObject({ rowsLoaded: 0 });
        expect(await rows('refreshed')).toEqual([]);
        expect(await loadSeed(adapter(), job('fresh', { 'a.csv': 'id,v\n' }))).toMatchObject({ rowsLoaded: 0 });
      });
    });

    describe('an empty primary key in a CDC source', () => {
      it('is an error naming the file and line, on the first (full) load and on a merge, and loads nothing', async () => {
        const bad = job('cdc', { 'c.csv': 'id,v,updated_at\na,1,1\n,2,1\n' }, CDC);
        const first = await failure(loadSeed(adapter(), bad, { incremental: true }));
        expect(first.message).toBe("c.csv:3: primary key column 'id' is empty: a row without its key cannot be merged, so nothing was loaded");
        expect(first.line).toBe(3);
        await loadSeed(adapter(), job('cdc', { 'c.csv': 'id,v,updated_at\na,1,1\n' }, CDC), { incremental: true });
        // A quoted empty string is no key either; the same file twice must never add the row twice.
        const merge = job('cdc', { 'c.csv': 'id,v,updated_at\nb,5,2\n"",7,2\n' }, CDC);
        for (let i = 0; i < 2; i++) {
          const error = await failure(loadSeed(adapter(), merge, { incremental: true }));
          expect(error.message).toMatch(/^c\.csv:3: primary key column 'id' is empty/);
        }
        expect(await rows('cdc')).toEqual([{ id: 'a', v: 1 }]);
      });

      it('a NULL in an integer key column (no empty string possible) is caught too', async () => {
        const ddl = { path: 'sql/n.sql', text: 'create table {{ this }} (id bigint, v int, updated_at int)' };
        const error = await failure(loadSeed(adapter(), job('cdcint', { 'n.csv': 'id,v,updated_at\n1,1,1\n2,2,1\n,3,1\n' }, { ...CDC, ddl }), { incremental: true }));
        expect(error.message).toMatch(/^n\.csv:4: primary key column 'id' is empty/);
      });

      it('is set aside with --on-bad-rows quarantine, and the same file twice changes nothing', async () => {
        await loadSeed(adapter(), job('cdcq', { 'c.csv': 'id,v,updated_at\na,1,1\n' }, CDC), { incremental: true });
        const merge = job('cdcq', { 'c.csv': 'id,v,updated_at\nb,5,2\n,7,2\n' }, CDC);
        for (let i = 0; i < 2; i++) {
          expect(await loadSeed(adapter(), merge, { incremental: true, onBadRows: 'quarantine' })).toMatchObject({ quarantined: 1, mode: 'incremental' });
        }
        expect(await rows('cdcq')).toEqual([{ id: 'a', v: 1 }, { id: 'b', v: 5 }]);
        expect((await adapter().query('select line, reason from raw.cdcq__quarantine')).rows).toEqual([{ line: 3, reason: "primary key column 'id' is empty" }]);
      });
    });
  });
});

describe.each(adapterKinds())('allow_empty in project.yml, through trevco seed, on $kind', ({ kind, skipReason }) => {
  describe.skipIf(Boolean(skipReason))(skipReason ? `skipped: ${skipReason}` : 'a project', () => {
    const fixture = useProjectOnDatabase(kind, {
      'csv/strict.csv': 'id,v\na,1\n',
      'csv/lenient.csv': 'id,v\na,1\n',
    }, 'name: shop\nsources:\n  raw:\n    tables:\n      strict: { csv: strict.csv }\n      lenient: { csv: lenient.csv, allow_empty: true }\n');

    it('refuses the header-only file of a strict source (exit 1 result), loads the lenient one, and --full-refresh loads both', async () => {
      const { adapter, options, project } = fixture();
      expect((await seed(options())).success).toBe(true);
      project.write({ 'csv/strict.csv': 'id,v\n', 'csv/lenient.csv': 'id,v\n' });
      const outcome = await seed(options());
      const status = Object.fromEntries(outcome.results.map((result) => [result.nodeId, result.status]));
      expect(status).toEqual({ 'source.shop.raw.lenient': 'success', 'source.shop.raw.strict': 'error' });
      expect(outcome.results.find((result) => result.status === 'error')!.error!.hint).toContain('project.yml:5 (sources.raw.tables.strict)');
      expect((await adapter.query('select count(*)::int as n from raw.strict')).rows).toEqual([{ n: 1 }]);
      expect((await adapter.query('select count(*)::int as n from raw.lenient')).rows).toEqual([{ n: 0 }]);
      expect((await seed(options({ fullRefresh: true }))).success).toBe(true);
      expect((await adapter.query('select count(*)::int as n from raw.strict')).rows).toEqual([{ n: 0 }]);
    });
  });
});

describe('allow_empty is validated', () => {
  it('must be a boolean', () => {
    const project = writeProject({ 'project.yml': 'name: shop\nsources:\n  raw:\n    tables:\n      t: { csv: t.csv, allow_empty: sometimes }\n' });
    try {
      expect(() => loadProjectConfig(project.root)).toThrow(/sources\.raw\.tables\.t\.allow_empty must be/);
    } finally {
      project.remove();
    }
  });
});
