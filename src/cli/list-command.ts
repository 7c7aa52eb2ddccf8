import { Option, type Command } from 'commander';
import type { ResourceType } from '../graph/graph-node.js';
import { Reporter } from './reporter.js';
import { reporterFor, toCommandOptions, withProjectOptions, withSelectionOptions, type CliFlags } from './shared-options.js';

export function registerList(program: Command): void {
  withSelectionOptions(withProjectOptions(program.command('ls').alias('list').description('print what a selection picks, in graph order')))
    .addOption(new Option('--resource-type <type...>', 'only these kinds').choices(['model', 'seed', 'snapshot', 'source', 'test']))
    .addOption(new Option('--output <format>', 'what to print per node').choices(['name', 'id', 'path', 'json', 'selector']).default('name'))
    .action(async (flags: CliFlags & { resourceType?: ResourceType[]; output: 'name' | 'id' | 'path' | 'json' | 'selector' }) => {
      const reporter = new Reporter(flags.logFormat);
      // Notes and warnings go to stderr, so `ls --output json` stays one JSON object per line on stdout.
      const side = flags.quiet ? reporterFor(flags) : new Reporter(flags.logFormat, process.stderr, process.stderr);
      const { list } = await import('../api/list.js');
      const nodes = list({ ...toCommandOptions(flags, side), resourceTypes: flags.resourceType });
      for (const node of nodes) {
        // json and selector print as dbt's ls does: one JSON object per node, or its fqn-like selector.
        const text = flags.output === 'id' ? node.id
          : flags.output === 'path' ? node.path
          : flags.output === 'json' ? JSON.stringify({ name: node.name, resource_type: node.resourceType, unique_id: node.id, original_file_path: node.path, package_name: node.packageName })
          : flags.output === 'selector' ? node.selector
          : `${node.resourceType} ${node.name}`;
        reporter.info(text, { node });
      }
    });
}
