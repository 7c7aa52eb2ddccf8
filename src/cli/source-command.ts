import type { Command } from 'commander';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';
import { reporterFor, runExitCode, toCommandOptions, withExecutionFlags, withProjectOptions, withSelectionOptions, type CliFlags } from './shared-options.js';

export function registerSource(program: Command, setExitCode: (code: number) => void): void {
  const source = program.command('source').description("dbt's source commands");
  withExecutionFlags(withSelectionOptions(withProjectOptions(source.command('freshness').description('check how old the newest row of each source table with a freshness is; writes target/sources.json'))))
    .action(async (flags: CliFlags) => {
      const reporter = reporterFor(flags);
      const { sourceFreshness } = await import('../api/source-freshness.js');
      const outcome = await sourceFreshness(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} source${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(runExitCode(outcome, flags, reporter.warned) === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
  source.exitOverride();
}
