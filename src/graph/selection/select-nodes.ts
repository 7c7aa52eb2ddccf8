import type { DependencyGraph } from '../dependency-graph.js';
import type { GraphNode, ResourceType } from '../graph-node.js';
import { parseSelection } from './parse-selection.js';
import type { SelectionCriterion, SelectionExpression } from './selection-expression.js';
import { SELECTOR_METHODS, type MatchContext } from './selector-methods.js';

/** What to select: the CLI's `--select`, `--exclude` and `--resource-type`, and the last run's results. */
export interface SelectOptions {
  /** Selector arguments; none (or only blanks) selects every node. */
  readonly select?: readonly string[];
  /** Selector arguments whose nodes are removed after the select union. */
  readonly exclude?: readonly string[];
  /** Keep only these types in the result (`run`: models; `seed`: seeds and sources; `build`: all). None = all. */
  readonly resourceTypes?: readonly ResourceType[];
  /** Node id → status from the last run_results.json, for `result:` selectors. */
  readonly previousResults?: ReadonlyMap<string, string>;
  /**
   * dbt's default 'eager' indirect selection, on unless `false`: a test is selected when ANY node it tests is
   * selected, and excluded when ANY node it tests is excluded. `false` is dbt's 'empty': only tests selected
   * directly (or reached by a graph operator) run.
   */
  readonly indirectTests?: boolean;
}

/** The selected ids in topological order, and the `--select` selectors that matched no node (to warn about). */
export interface SelectionResult {
  readonly ids: string[];
  readonly unmatched: string[];
}

/**
 * Selects nodes as dbt 1.8 does: the union of the `select` parts (each the intersection of its comma-joined
 * selectors, each selector's matches plus the neighbours its graph operators add), plus indirectly selected
 * tests, minus the `exclude` matches, then filtered by resource type. Nodes whose config has `enabled: false`
 * are never selected.
 *
 * A selector that matches nothing is not an error; it is listed in `unmatched` (graph operators aside: `+x`
 * counts as unmatched when `x` matches nothing). Exclude selectors are not reported, as in dbt.
 *
 * @throws ConfigError for a malformed selector, or a `result:` selector without `previousResults`.
 */
export function selectNodes(graph: DependencyGraph, options: SelectOptions = {}): SelectionResult {
  const context: MatchContext = { previousResults: options.previousResults };
  const include = parseSelection(options.select ?? []);
  const exclude = parseSelection(options.exclude ?? []);
  const eligible = graph.nodes().filter((node) => node.config['enabled'] !== false);
  const unmatched: string[] = [];

  let selected =
    include.union.length === 0
      ? new Set(eligible.map((node) => node.id))
      : evaluate(include, graph, eligible, context, unmatched);
  let excluded = evaluate(exclude, graph, eligible, context, []);
  if (options.indirectTests !== false) {
    selected = withTestsOf(selected, graph);
    excluded = withTestsOf(excluded, graph);
  }

  const types = options.resourceTypes?.length ? new Set(options.resourceTypes) : undefined;
  const kept = new Set<string>();
  for (const id of selected) {
    const node = graph.node(id);
    // Graph operators walk through disabled nodes, so they are dropped here rather than only when matching.
    const wanted = node.config['enabled'] !== false && (types === undefined || types.has(node.resourceType));
    if (wanted && !excluded.has(id)) kept.add(id);
  }
  return { ids: graph.topologicalOrder(kept), unmatched: [...new Set(unmatched)] };
}

function evaluate(
  expression: SelectionExpression,
  graph: DependencyGraph,
  eligible: readonly GraphNode[],
  context: MatchContext,
  unmatched: string[],
): Set<string> {
  const union = new Set<string>();
  for (const { criteria } of expression.union) {
    let intersection: Set<string> | undefined;
    for (const criterion of criteria) {
      const found = evaluateCriterion(criterion, graph, eligible, context, unmatched);
      intersection = intersection === undefined ? found : new Set([...intersection].filter((id) => found.has(id)));
    }
    for (const id of intersection ?? []) union.add(id);
  }
  return union;
}

/** The nodes the method matches, then the ancestors and descendants the graph operators ask for. */
function evaluateCriterion(
  criterion: SelectionCriterion,
  graph: DependencyGraph,
  eligible: readonly GraphNode[],
  context: MatchContext,
  unmatched: string[],
): Set<string> {
  const matches = SELECTOR_METHODS[criterion.method].matcher(criterion, context);
  const direct = eligible.filter(matches).map((node) => node.id);
  if (direct.length === 0) unmatched.push(criterion.raw);

  const found = new Set(direct);
  if (criterion.parents) for (const id of graph.ancestors(direct, criterion.parentsDepth)) found.add(id);
  if (criterion.children) for (const id of graph.descendants(direct, criterion.childrenDepth)) found.add(id);
  if (criterion.childrensParents) {
    // @x: x, everything downstream of x, and everything those nodes read, so the downstream nodes can be built.
    const downstream = graph.descendants(direct);
    for (const id of downstream) found.add(id);
    for (const id of graph.ancestors([...direct, ...downstream])) found.add(id);
  }
  return found;
}

/** `ids` plus every test that tests one of them (dbt's eager indirect selection). */
function withTestsOf(ids: ReadonlySet<string>, graph: DependencyGraph): Set<string> {
  const result = new Set(ids);
  for (const id of ids) {
    for (const child of graph.children(id)) if (graph.node(child).resourceType === 'test') result.add(child);
  }
  return result;
}
