import type { ResourceType } from '../graph/graph-node.js';
import { selectForCommand } from './command-lifecycle.js';
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
  const ids = selectForCommand(compiled, options, { resourceTypes: options.resourceTypes, indirectTests: true });
  return ids.map((id) => {
    const node = compiled.graph.node(id);
    return { id, resourceType: node.resourceType, name: node.sourceName ? `${node.sourceName}.${node.name}` : node.name, path: node.path };
  });
}
