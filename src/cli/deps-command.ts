import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, type CliFlags } from './shared-options.js';

export function registerDeps(program: Command): void {
  withProjectOptions(program.command('deps').description('install the packages of packages.yml / dependencies.yml into dbt_packages/ (local: and git:)'))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { deps } = await import('../api/deps.js');
      const { installed, file } = deps(toCommandOptions(flags, reporter));
      if (file === undefined) reporter.info('no packages.yml or dependencies.yml: nothing to install');
      for (const pkg of installed) reporter.info(`Installed ${pkg.name} (${pkg.spec.kind === 'local' ? `local: ${pkg.spec.path}` : pkg.spec.kind === 'git' ? `git: ${pkg.spec.url}${pkg.spec.revision ? `@${pkg.spec.revision}` : ''}` : pkg.spec.package}) into ${pkg.path}`, { package: pkg.name, path: pkg.path });
    });
}
