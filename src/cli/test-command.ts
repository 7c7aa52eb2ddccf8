import type { Command } from 'commander';
import { parsePositiveInteger, toCommandOptions, withProjectOptions, withSelectionOptions, reporterFor, runExitCode, withExecutionFlags, withLockOption, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerTest(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withExecutionFlags(withSelectionOptions(withProjectOptions(program.command('test').description('run the selected data tests (generic tests from YAML and tests/**/*.sql)')))))
    .option('--threads <n>', 'tests run at once (PostgreSQL; PGlite runs one at a time)', parsePositiveInteger)
    .action(async (flags: CliFlags) => {
      const reporter = reporterFor(flags);
      const { test } = await import('../api/test.js');
      const outcome = await test(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} test${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(runExitCode(outcome, flags, reporter.warned) === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
