import type { Adapter } from '../adapters/adapter.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import type { CompiledTest } from '../data-tests/compiled-test.js';
import { auditSchema, runTest as runDataTest } from '../data-tests/run-test.js';
import type { NodeResult } from '../executor/node-result.js';
import type { CommandOptions, NodeLabel, RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { executeSelection } from './execute-selection.js';
import { finishCommand, selectForCommand } from './command-lifecycle.js';
import { prepareProject } from './prepare-project.js';
import { describeNodes } from './node-label.js';

/**
 * `trevco test`: runs the selected data tests. `--select fact_orders` picks the tests of fact_orders (dbt's eager
 * indirect selection); `test_type:generic|singular` works. Tests whose tested node failed are not run again here:
 * each test runs against what is in the database now.
 */
export async function test(options: CommandOptions = {}): Promise<RunOutcome> {
  const started = performance.now();
  const compiled = prepareProject(options);
  const ids = selectTests(compiled, options);
  const storesFailures = ids.some((id) => compiled.tests.get(id)!.config.store_failures);
  // Only tests that store their failures write (tables in the audit schema).
  const { adapter, release } = await connect(compiled.target, options, { command: 'test', writes: storesFailures });
  let results;
  try {
    options.onEvent?.({ type: 'run-started', total: ids.length, summary: describeNodes(compiled, ids), target: compiled.target.name });
    results = await executeSelection({
      compiled,
      adapter,
      ids,
      schemas: storesFailures ? [auditSchema(compiled)] : [],
      label: (id) => testLabel(compiled.tests.get(id)!),
      runNode: (id) => runTest(adapter, compiled, compiled.tests.get(id)!, options),
      // A test never blocks another test.
      blocks: () => false,
      args: { command: 'test', select: options.select ?? [], exclude: options.exclude ?? [], vars: options.vars ?? {} },
    }, options);
  } finally {
    await release();
  }
  return finishCommand(compiled, results, started, { command: 'test', select: options.select ?? [], exclude: options.exclude ?? [], vars: options.vars ?? {} });
}

/**
 * Runs one compiled test on an open adapter (used by `test` and `build`): status pass/warn/fail with `failures`,
 * `details.sampleRows` and `details.compiledPath`, or error when the database rejects it. Writes its compiled SQL.
 * With `store_failures`, the audit schema should be created beforehand (`auditSchema`): creating it here too is
 * a fallback, and concurrent CREATE SCHEMA IF NOT EXISTS can race on PostgreSQL.
 */
export async function runTest(adapter: Adapter, compiled: CompiledProject, test: CompiledTest, options: CommandOptions = {}): Promise<NodeResult> {
  void options; // Reserved: nothing in CommandOptions changes how a single test runs yet.
  return runDataTest(adapter, compiled, test);
}

/** The selected tests in graph order. */
export function selectTests(compiled: CompiledProject, options: CommandOptions): string[] {
  return selectForCommand(compiled, options, { resourceTypes: ['test'] }).filter((id) => compiled.tests.has(id));
}

/** How a test is named in report lines: `PASS not_null_fact_orders_order_id`. */
export function testLabel(test: CompiledTest): NodeLabel {
  return { nodeId: test.id, resourceType: 'test', description: `${test.testType} test`, displayName: test.name };
}

export { auditSchema, testCompiledPath } from '../data-tests/run-test.js';
