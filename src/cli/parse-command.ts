import type { Command } from 'commander';
import { toCommandOptions, withProjectOptions, reporterFor, type CliFlags } from './shared-options.js';

export function registerParse(program: Command): void {
  withProjectOptions(program.command('parse').description('read and check the whole project, write target/manifest.json (no database)'))
    .action(async (flags: CliFlags) => {
      const reporter = reporterFor(flags);
      const { compile } = await import('../api/compile.js');
      const started = performance.now();
      const { compiled, manifestPath } = compile(toCommandOptions(flags, reporter));
      const count = compiled.nodes.size + compiled.tests.size;
      reporter.info(`Parsed ${count} nodes in ${((performance.now() - started) / 1000).toFixed(2)}s; manifest at ${manifestPath}`, { nodes: count, manifestPath });
    });
}
