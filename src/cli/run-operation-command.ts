import type { Command } from 'commander';
import { parse } from 'yaml';
import { InvalidArgumentError } from 'commander';
import { reporterFor, toCommandOptions, withProjectOptions, type CliFlags } from './shared-options.js';

export function registerRunOperation(program: Command): void {
  withProjectOptions(program.command('run-operation').description('call a macro with execute true; its queries run on the target'))
    .argument('<macro>', 'macro name, or package.macro')
    .option('--args <yaml>', "the macro's keyword arguments as YAML or JSON, e.g. '{table: orders, days: 7}'", parseArgs, {})
    .action(async (macro: string, flags: CliFlags & { args: Record<string, unknown> }) => {
      const reporter = reporterFor(flags);
      const { runOperation } = await import('../api/run-operation.js');
      const started = performance.now();
      const { output } = runOperation(macro, flags.args, toCommandOptions(flags, reporter));
      if (output !== '') reporter.info(output);
      reporter.info(`Ran operation ${macro} in ${((performance.now() - started) / 1000).toFixed(2)}s`);
    });
}

function parseArgs(text: string): Record<string, unknown> {
  const value = parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidArgumentError(`--args must be a mapping such as '{table: orders}', found ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}
