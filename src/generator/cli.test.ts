import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { toCsv } from './csv.js';
import { generateDataset } from './generate-dataset.js';
import { TABLE_SPECS } from './table-specs.js';

let stderr = '';
let stdout = '';
beforeEach(() => {
  stderr = '';
  stdout = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});
async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'trevco-cli-'));
  dirs.push(dir);
  return dir;
}

describe('gen-data', () => {
  it.each([
    [['--orders', '10'], '--out is required'],
    [['--out', 'x', '--orders', 'many'], "--orders must be an integer, got 'many'"],
    [['--out', 'x', '--bogus'], "Unknown option '--bogus'"],
    [['--out', 'x', 'positional'], 'positional'],
    [['--out', 'x', '--start-date', '2025-01-01'], '--start-date and --orders-per-day need --days'],
    [['--out', 'x', '--days', '0'], 'days must be an integer from 1 to 366'],
    [['--out', 'x', '--end-date', '2025-02-30'], "endDate must be a date as YYYY-MM-DD, got '2025-02-30'"],
  ])('rejects %j on stderr with exit code 2', async (argv, message) => {
    expect(await main(argv)).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toMatch(/^gen-data: error\[CONFIG\]/);
  });

  it('writes a full export', async () => {
    const dir = await outDir();
    expect(await main(['--orders', '120', '--seed', '3', '--out', dir, '--end-date', '2023-12-31'])).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('orders');
    const expected = generateDataset({ orders: 120, seed: 3, endDate: '2023-12-31' });
    expect(await readFile(join(dir, 'orders.csv'), 'utf8')).toBe(toCsv(TABLE_SPECS.orders, expected.orders));
  });

  it('writes base and daily exports', async () => {
    const dir = await outDir();
    expect(await main(['--orders', '300', '--seed', '3', '--out', dir, '--days', '2', '--start-date', '2024-05-01'])).toBe(0);
    expect(stderr).toBe('');
    expect((await readdir(join(dir, 'daily'))).sort()).toEqual(['2024-05-01', '2024-05-02']);
    expect(await readdir(join(dir, 'base'))).toHaveLength(7);
  });
});
