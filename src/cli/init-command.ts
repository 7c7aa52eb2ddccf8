import type { Command } from 'commander';
import { Reporter } from './reporter.js';

export function registerInit(program: Command): void {
  program.command('init')
    .description('create a new dbt-style project folder that runs on the embedded database')
    .argument('[project_name]', 'the folder and project name', 'my_project')
    .option('--skip-profile-setup', "dbt's flag: trevco never writes a profile (no profile means the embedded database)")
    .action(async (name: string) => {
      const reporter = new Reporter('text');
      const { init } = await import('../api/init.js');
      const { root, files } = init(name);
      reporter.info(`Created ${root} with ${files.length} files. cd ${name} && npx trevco build (embedded database; add profiles.yml for PostgreSQL)`);
    });
}
