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
  const named = options.selector !== undefined ? resolveSelector(compiled.project.config.root, options.selector) : undefined;
  const select = named ? [...(options.select ?? []), ...named.select] : options.select;
  const exclude = named ? [...(options.exclude ?? []), ...named.exclude] : options.exclude;
  // Only a `result:` selector reads the last run's results (and fails on a corrupt file); other runs never need it.
  const usesResults = [...(select ?? []), ...(exclude ?? [])].some((selector) => selector.includes('result:'));
  const previousResults = usesResults ? readPreviousResults(compiled.project.config.root, compiled.project.config.paths.target) : new Map<string, string>();
  const selection = selectNodes(compiled.graph, { select, exclude, previousResults, ...how });
  for (const selector of selection.unmatched) options.onEvent?.({ type: 'warning', message: `the selection criterion '${selector}' does not match any node` });
  warnAboutEarlyQueries(compiled, selection.ids, options);
  return selection.ids;
}

/**
 * dbt renders a model just before running it; trevco renders every model first. A model whose template queried
 * the database (run_query, get_columns_in_relation…) saw it as it was before this command, so when something it
 * depends on is rebuilt in the same run, say so: run it again in a later command for dbt's result.
 */
function warnAboutEarlyQueries(compiled: CompiledProject, ids: readonly string[], options: CommandOptions): void {
  const selected = new Set(ids);
  for (const id of compiled.renderedWithDatabase ?? []) {
    if (!selected.has(id)) continue;
    const rebuilt = [...compiled.graph.ancestors(id)].filter((ancestor) => selected.has(ancestor) && compiled.graph.node(ancestor).resourceType !== 'test');
    if (rebuilt.length === 0) continue;
    options.onEvent?.({
      type: 'warning',
      message: `${id} queried the database while compiling, before ${rebuilt.join(', ')} ${rebuilt.length === 1 ? 'is' : 'are'} rebuilt in this run; its SQL reflects the earlier data (run it again afterwards, or build upstream first)`,
    });
  }
}

/** Writes manifest.json and run_results.json and sums a command's results up. */
export function finishCommand(compiled: CompiledProject, results: readonly NodeResult[], startedAt: number, args: Record<string, unknown>): RunOutcome {
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const artifacts = [writeManifest(compiled), writeRunResults(compiled, results, elapsedSeconds, { ...args, target: compiled.target.name })];
  return { results, elapsedSeconds, success: succeeded(results), artifacts };
}
