import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, type CliFlags } from './shared-options.js';

export function registerClean(program: Command): void {
  withProjectOptions(program.command('clean').description("delete the project's clean-targets (default: the target folder)"))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { clean } = await import('../api/clean.js');
      const { removed } = clean(toCommandOptions(flags, reporter));
      for (const folder of removed) reporter.info(`Cleaned ${folder}/`, { folder });
    });
}
