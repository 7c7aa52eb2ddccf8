import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, withRunOptions, withSelectionOptions, type CliFlags, withLockOption } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerRun(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withRunOptions(withSelectionOptions(withProjectOptions(program.command('run').description('build the selected models in dependency order')))))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { run } = await import('../api/run-models.js');
      const outcome = await run(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} model${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(outcome.success ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
