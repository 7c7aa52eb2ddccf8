import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, type CliFlags, withLockOption } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerRetry(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withProjectOptions(program.command('retry').description("repeat the last run, build, seed or test for what errored, failed, was skipped or never finished, with its run date and flags")))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { retry } = await import('../api/retry.js');
      const outcome = await retry(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} model${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(outcome.success ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
