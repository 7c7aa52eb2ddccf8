import type { Command } from 'commander';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, withRunOptions, withSelectionOptions, type CliFlags } from './shared-options.js';

export function registerCompile(program: Command): void {
  withRunOptions(withSelectionOptions(withProjectOptions(program.command('compile').description('render every model to target/compiled/ and write target/manifest.json (no database)'))))
    .action(async (flags: CliFlags) => {
      const reporter = new Reporter(flags.logFormat);
      const { compile } = await import('../api/compile.js');
      const started = performance.now();
      const { compiled, manifestPath } = compile(toCommandOptions(flags, reporter));
      const models = [...compiled.nodes.values()].filter((node) => node.resourceType === 'model').length;
      reporter.info(`Compiled ${models} models in ${((performance.now() - started) / 1000).toFixed(2)}s; SQL in ${compiled.project.config.paths.target}/compiled/, manifest at ${manifestPath}`, { models, manifestPath });
    });
}
