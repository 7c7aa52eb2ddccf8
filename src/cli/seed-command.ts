import { Option, type Command } from 'commander';
import { toCommandOptions, withProjectOptions, withSelectionOptions, reporterFor, runExitCode, withExecutionFlags, withLockOption, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

interface SeedFlags extends CliFlags {
  incremental?: boolean;
  onBadRows: 'fail' | 'quarantine';
  csvDir?: string;
}

export function registerSeed(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withExecutionFlags(withSelectionOptions(withProjectOptions(program.command('seed').description('load seeds/ CSVs and the CSV exports declared by sources')))))
    .option('--incremental', 'merge sources that declare cdc_column and primary_key instead of reloading them')
    .option('--run-date <YYYY-MM-DD>', 'with --incremental: merge only rows whose CDC value falls in the window ending that day (var cdc_lookback_days)')
    .addOption(new Option('--on-bad-rows <mode>', 'fail: load nothing; quarantine: load the good rows, set bad ones aside').choices(['fail', 'quarantine']).default('fail'))
    .option('--full-refresh', 'reload every table from its files, even one whose files hold no data row (see allow_empty)')
    .option('--csv-dir <dir>', 'read the source CSV files from this folder (an export of the same layout)')
    .action(async (flags: SeedFlags) => {
      const reporter = reporterFor(flags);
      const { seed } = await import('../api/seed.js');
      const outcome = await seed({ ...toCommandOptions(flags, reporter), incremental: flags.incremental, onBadRows: flags.onBadRows, csvDir: flags.csvDir });
      reporter.summary(outcome, `${outcome.results.length} seed${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(runExitCode(outcome, flags, reporter.warned) === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
