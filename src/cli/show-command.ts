import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatCsv, formatTable } from './format-rows.js';
import { Reporter } from './reporter.js';
import { toCommandOptions, withLockOption, withProjectOptions, type CliFlags } from './shared-options.js';

interface ShowFlags extends CliFlags {
  inline?: string;
  limit: number;
  output: 'table' | 'json' | 'csv';
}

export function registerShow(program: Command): void {
  withLockOption(withProjectOptions(program.command('show').description('print the first rows of a model, seed or source, or of an inline query')))
    .option('-s, --select <selector...>', 'the one model, seed or source to show')
    .option('--inline <sql>', "a query to run instead, e.g. \"select * from {{ ref('fact_orders') }} where total_usd > 100\"")
    .option('--limit <n>', 'rows to print; -1 for all', parseLimit, 10)
    .addOption(new Option('--output <format>', 'table for people; json or csv for machines').choices(['table', 'json', 'csv']).default('table'))
    .action(async (flags: ShowFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { show } = await import('../api/show.js');
      const result = await show({ ...toCommandOptions(flags, reporter), inline: flags.inline, limit: flags.limit });
      if (flags.output === 'json') {
        process.stdout.write(`${JSON.stringify({ node: result.nodeId ?? null, relation: result.relation ?? null, columns: result.columns, rows: result.rows }, null, 2)}\n`);
      } else if (flags.output === 'csv') {
        process.stdout.write(`${formatCsv(result.columns, result.rows)}\n`);
      } else {
        const what = result.nodeId ? `node '${result.nodeId.split('.').slice(2).join('.')}'` : 'inline query';
        const where = result.relation ? ` from ${result.relation}` : ' (compiled SQL; not built)';
        const count = result.rows.length === result.limit ? `first ${result.limit} rows` : `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
        process.stdout.write(`Previewing ${what}${result.nodeId ? where : ''}, ${count}:\n${formatTable(result.columns, result.rows)}\n`);
      }
    });
}

function parseLimit(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < -1) throw new InvalidArgumentError(`expected a whole number of rows (or -1 for all), found '${text}'`);
  return value;
}
