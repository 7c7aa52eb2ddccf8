import { runTest } from '../data-tests/run-test.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { runCommand, type Command } from './command-runner.js';

/**
 * `trevco test`: runs the selected data tests. `--select fact_orders` picks the tests of fact_orders (dbt's eager
 * indirect selection); `test_type:generic|singular` works. Tests whose tested node failed are not run again here:
 * each test runs against what is in the database now.
 */
export const TEST_COMMAND: Command<CommandOptions> = {
  name: 'test',
  resourceTypes: ['test'],
  runners: { test: (id, { adapter, compiled }) => runTest(adapter, compiled, compiled.tests.get(id)!) },
  // A test never blocks another test.
  blocks: () => false,
  // Only tests that store their failures write (tables in the audit schema, or their own schema).
  writes: (selected, compiled) => selected.some((id) => compiled.tests.get(id)?.config.store_failures === true),
  args: (_compiled, options) => ({ vars: options.vars ?? {} }),
};

export function test(options: CommandOptions = {}): Promise<RunOutcome> {
  return runCommand(TEST_COMMAND, options);
}
