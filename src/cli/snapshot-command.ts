import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { parsePositiveInteger, toCommandOptions, withLockOption, withProjectOptions, withSelectionOptions, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerSnapshot(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withSelectionOptions(withProjectOptions(program.command('snapshot').description('run the selected snapshots (SCD type 2 history tables) in dependency order'))))
    .option('--threads <n>', 'snapshots run at once (PostgreSQL; PGlite runs one at a time)', parsePositiveInteger)
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { snapshot } = await import('../api/snapshot.js');
      const outcome = await snapshot(toCommandOptions(flags, reporter));
      reporter.summary(outcome, `${outcome.results.length} snapshot${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(outcome.success ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
