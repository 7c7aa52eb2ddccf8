import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withLockOption, withProjectOptions, type CliFlags } from './shared-options.js';
import { EXIT_FAILURE, EXIT_SUCCESS } from './exit-codes.js';

export function registerDebug(program: Command, setExitCode: (code: number) => void): void {
  withLockOption(withProjectOptions(program.command('debug').description('show the resolved target (no secrets) and check the connection')))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { debug } = await import('../api/debug.js');
      const report = await debug(toCommandOptions(flags, reporter));
      reporter.info(`project: ${report.projectName} (${report.projectDir})`, { project: report.projectName });
      for (const [key, value] of Object.entries(report.target)) reporter.info(`  ${key}: ${String(value)}`, { [key]: value });
      if (report.connection.ok) {
        reporter.info(`connection: OK in ${report.connection.seconds.toFixed(2)}s (${report.connection.serverVersion?.split(' on ')[0] ?? 'unknown server'})`, { ok: true });
        setExitCode(EXIT_SUCCESS);
      } else {
        reporter.info(`connection: FAILED: ${report.connection.error}`, { ok: false });
        setExitCode(EXIT_FAILURE);
      }
    });
}
