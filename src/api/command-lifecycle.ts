import { writeManifest } from '../artifacts/write-manifest.js';
import { readPreviousResults, writeRunResults } from '../artifacts/write-run-results.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import type { NodeResult } from '../executor/node-result.js';
import { resolveSelector } from '../graph/selection/read-selectors.js';
import { selectNodes, type SelectOptions } from '../graph/selection/select-nodes.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { succeeded } from './execute-selection.js';

/**
 * The command's --select/--exclude applied to the graph (with the last run's statuses for `result:`), warning
 * about each selector that matched nothing, as dbt does.
 */
export function selectForCommand(compiled: CompiledProject, options: CommandOptions, how: Pick<SelectOptions, 'resourceTypes' | 'indirectTests'>): string[] {
  const previousResults = readPreviousResults(compiled.project.config.root, compiled.project.config.paths.target);
  const named = options.selector !== undefined ? resolveSelector(compiled.project.config.root, options.selector) : undefined;
  const select = named ? [...(options.select ?? []), ...named.select] : options.select;
  const exclude = named ? [...(options.exclude ?? []), ...named.exclude] : options.exclude;
  const selection = selectNodes(compiled.graph, { select, exclude, previousResults, ...how });
  for (const selector of selection.unmatched) options.onEvent?.({ type: 'warning', message: `the selection criterion '${selector}' does not match any node` });
  return selection.ids;
}

/** Writes manifest.json and run_results.json and sums a command's results up. */
export function finishCommand(compiled: CompiledProject, results: readonly NodeResult[], startedAt: number, args: Record<string, unknown>): RunOutcome {
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const artifacts = [writeManifest(compiled), writeRunResults(compiled, results, elapsedSeconds, { ...args, target: compiled.target.name })];
  return { results, elapsedSeconds, success: succeeded(results), artifacts };
}
