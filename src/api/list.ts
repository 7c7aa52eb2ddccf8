import { readPreviousResults } from '../artifacts/write-run-results.js';
import type { ResourceType } from '../graph/graph-node.js';
import { selectNodes } from '../graph/selection/select-nodes.js';
import type { CommandOptions } from './command-options.js';
import { prepareProject } from './prepare-project.js';

export interface ListedNode {
  readonly id: string;
  readonly resourceType: string;
  readonly name: string;
  readonly path: string;
}

/** `trevco ls`: what a selection picks, in graph order. */
export function list(options: CommandOptions & { resourceTypes?: readonly ResourceType[] } = {}): ListedNode[] {
  const compiled = prepareProject(options);
  const previousResults = readPreviousResults(compiled.project.config.root, compiled.project.config.paths.target);
  const selection = selectNodes(compiled.graph, {
    select: options.select,
    exclude: options.exclude,
    resourceTypes: options.resourceTypes,
    previousResults,
    indirectTests: true,
  });
  for (const selector of selection.unmatched) options.onEvent?.({ type: 'warning', message: `the selection criterion '${selector}' does not match any node` });
  return selection.ids.map((id) => {
    const node = compiled.graph.node(id);
    return { id, resourceType: node.resourceType, name: node.sourceName ? `${node.sourceName}.${node.name}` : node.name, path: node.path };
  });
}
