import { compiledPath } from '../artifacts/write-compiled-sql.js';
import type { CompiledSnapshot } from '../compiler/compiled-project.js';
import { runSnapshot } from '../executor/run-snapshot.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { runCommand, type Command } from './command-runner.js';

/**
 * `trevco snapshot`: runs the selected snapshots in dependency order (dbt's `dbt snapshot`), with on-run-start /
 * on-run-end around them as dbt does. `--full-refresh` does not apply: a snapshot holds history that cannot be
 * rebuilt from its query.
 */
export const SNAPSHOT_COMMAND: Command<CommandOptions> = {
  name: 'snapshot',
  resourceTypes: ['snapshot'],
  runners: {
    snapshot: (id, { adapter, compiled }) => {
      const node = compiled.nodes.get(id) as CompiledSnapshot;
      return runSnapshot(adapter, node, { compiledPath: compiledPath(compiled, node) });
    },
  },
  runsOnRunHooks: true,
  writes: true,
  args: (_compiled, options) => ({ vars: options.vars ?? {} }),
};

export function snapshot(options: CommandOptions = {}): Promise<RunOutcome> {
  return runCommand(SNAPSHOT_COMMAND, options);
}
