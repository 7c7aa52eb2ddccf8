import type { Command } from 'commander';
import { toCommandOptions, withProjectOptions, withRunOptions, withSelectionOptions, reporterFor, runExitCode, withExecutionFlags, withLockOption, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerRun(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withRunOptions(withExecutionFlags(withSelectionOptions(withProjectOptions(program.command('run').description('build the selected models in dependency order'))))))
    .action(async (flags: CliFlags) => {
      const reporter = reporterFor(flags);
      const { run } = await import('../api/run-models.js');
      const outcome = await run(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} model${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(runExitCode(outcome, flags, reporter.warned) === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
