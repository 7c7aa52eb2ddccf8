import { Option, type Command } from 'commander';
import type { ResourceType } from '../graph/graph-node.js';
import { Reporter } from './reporter.js';
import { toCommandOptions, withProjectOptions, withSelectionOptions, type CliFlags } from './shared-options.js';

export function registerList(program: Command): void {
  withSelectionOptions(withProjectOptions(program.command('ls').alias('list').description('print what a selection picks, in graph order')))
    .addOption(new Option('--resource-type <type...>', 'only these kinds').choices(['model', 'seed', 'snapshot', 'source', 'test']))
    .addOption(new Option('--output <format>', 'what to print per node').choices(['name', 'id', 'path']).default('name'))
    .action(async (flags: CliFlags & { resourceType?: ResourceType[]; output: 'name' | 'id' | 'path' }) => {
      const reporter = new Reporter(flags.logFormat);
      const { list } = await import('../api/list.js');
      const nodes = list({ ...toCommandOptions(flags, reporter), resourceTypes: flags.resourceType });
      for (const node of nodes) {
        const text = flags.output === 'id' ? node.id : flags.output === 'path' ? node.path : `${node.resourceType} ${node.name}`;
        reporter.info(text, { node });
      }
    });
}
