import { Option, type Command } from 'commander';
import type { ResourceType } from '../graph/graph-node.js';
import { toCommandOptions, withProjectOptions, withRunOptions, withSelectionOptions, reporterFor, runExitCode, withExecutionFlags, withLockOption, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

interface BuildFlags extends CliFlags {
  incremental?: boolean;
  onBadRows: 'fail' | 'quarantine';
  csvDir?: string;
}

export function registerBuild(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withRunOptions(withExecutionFlags(withSelectionOptions(withProjectOptions(program.command('build').description('seed, run and test the selected nodes in one graph order'))))))
    .option('--incremental', 'merge CSV sources that declare cdc_column and primary_key (as trevco seed --incremental)')
    .addOption(new Option('--on-bad-rows <mode>', 'for CSV loads: fail, or quarantine bad rows').choices(['fail', 'quarantine']).default('fail'))
    .option('--csv-dir <dir>', 'read the source CSV files from this folder')
    .addOption(new Option('--resource-type <type...>', 'only these kinds').choices(['model', 'seed', 'source', 'test']))
    .action(async (flags: BuildFlags & { resourceType?: ResourceType[] }) => {
      const reporter = reporterFor(flags);
      const { build } = await import('../api/build.js');
      const outcome = await build({ ...toCommandOptions(flags, reporter), incremental: flags.incremental, onBadRows: flags.onBadRows, csvDir: flags.csvDir, resourceTypes: flags.resourceType });
      reporter.summary(outcome, `${outcome.results.length} node${outcome.results.length === 1 ? '' : 's'}`);
      setExitCode(runExitCode(outcome, flags, reporter.warned) === 0 ? EXIT_SUCCESS : EXIT_FAILURE);
    });
}
