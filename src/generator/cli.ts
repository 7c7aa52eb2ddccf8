#!/usr/bin/env node
/**
 * `npm run gen-data -- --orders N --seed S --out DIR [--end-date YYYY-MM-DD]`
 * `npm run gen-data -- --orders N --seed S --out DIR --days K [--start-date YYYY-MM-DD | --end-date YYYY-MM-DD]
 *   [--orders-per-day M]`
 *
 * Thin: parses flags, calls the generator, reports. Usage errors go to stderr with exit code 2.
 */
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ConfigError, TrevcoError, formatError } from '../errors/index.js';
import { generateDailyExports } from './daily-exports.js';
import { generateDataset } from './generate-dataset.js';
import { writeDailyExports } from './write-daily-exports.js';
import { writeDataset } from './write-dataset.js';
import { TABLE_NAMES } from './table-specs.js';
import type { Dataset } from './rows.js';

const USAGE = `usage: gen-data --out DIR [--orders N] [--seed S] [--end-date YYYY-MM-DD]
       gen-data --out DIR [--orders N] [--seed S] --days K [--start-date YYYY-MM-DD | --end-date YYYY-MM-DD]
                [--orders-per-day M]

  --orders N          distinct orders (default 2500)
  --seed S            integer seed (default 1)
  --out DIR           output directory (required)
  --end-date D        last day of data (default 2025-10-31)
  --days K            write DIR/base/ and K daily exports DIR/daily/YYYY-MM-DD/
  --start-date D      first daily export (default: K days ending on --end-date)
  --orders-per-day M  new orders on each daily-export day (default: growth curve, at least 5)`;

/** Runs the CLI on `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: 'string', default: '2500' },
        seed: { type: 'string', default: '1' },
        out: { type: 'string' },
        days: { type: 'string' },
        'start-date': { type: 'string' },
        'end-date': { type: 'string' },
        'orders-per-day': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.out === undefined) throw new ConfigError('--out is required', { hint: USAGE });
    const orders = integerFlag('orders', values.orders);
    const seed = integerFlag('seed', values.seed);
    if (values.days === undefined) {
      if (values['start-date'] !== undefined || values['orders-per-day'] !== undefined) {
        throw new ConfigError('--start-date and --orders-per-day need --days');
      }
      const dataset = generateDataset({ orders, seed, endDate: values['end-date'] });
      await writeDataset(dataset, values.out);
      process.stdout.write(`wrote ${values.out}: ${describe(dataset)}\n`);
      return 0;
    }
    const exports = generateDailyExports({
      orders,
      seed,
      days: integerFlag('days', values.days),
      startDate: values['start-date'],
      endDate: values['end-date'],
      ordersPerDay: values['orders-per-day'] === undefined ? undefined : integerFlag('orders-per-day', values['orders-per-day']),
    });
    await writeDailyExports(exports, values.out);
    process.stdout.write(`wrote ${values.out}/base: ${describe(exports.base)}\n`);
    for (const day of exports.days) process.stdout.write(`wrote ${values.out}/daily/${day.date}: ${describe(day.dataset)}\n`);
    return 0;
  } catch (error) {
    const usage = error instanceof TrevcoError ? error : isParseArgsError(error) ? new ConfigError(error.message, { hint: 'run gen-data --help' }) : undefined;
    process.stderr.write(`gen-data: ${formatError(usage ?? error)}\n`);
    return usage ? 2 : 1;
  }
}

/** node:util parseArgs reports unknown flags and stray arguments with ERR_PARSE_ARGS_* codes. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

function integerFlag(name: string, text: string): number {
  if (!/^-?\d+$/.test(text)) throw new ConfigError(`--${name} must be an integer, got '${text}'`);
  return Number(text);
}

function describe(dataset: Dataset): string {
  return TABLE_NAMES.map((name) => `${dataset[name].length} ${name}`).join(', ');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}
