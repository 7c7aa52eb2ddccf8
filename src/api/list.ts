import type { ResourceType } from '../graph/graph-node.js';
import { selectForCommand } from './command-lifecycle.js';
import type { CommandOptions } from './command-options.js';
import { prepareProject } from './prepare-project.js';

export interface ListedNode {
  readonly id: string;
  readonly resourceType: string;
  readonly name: string;
  readonly path: string;
  readonly packageName: string;
  /** dbt's `ls --output selector`: `package.folder.name`, `source:package.source.table`, `package.test_name`. */
  readonly selector: string;
}

/** `trevco ls`: what a selection picks, in graph order. */
export function list(options: CommandOptions & { resourceTypes?: readonly ResourceType[] } = {}): ListedNode[] {
  const compiled = prepareProject(options);
  const ids = selectForCommand(compiled, options, { resourceTypes: options.resourceTypes, indirectTests: true });
  return ids.map((id) => {
    const node = compiled.graph.node(id);
    const folders = node.path.split('/').slice(1, -1).filter((part) => !part.endsWith('.yml') && !part.endsWith('.yaml'));
    const selector = node.resourceType === 'source'
      ? `source:${node.packageName}.${node.sourceName}.${node.name}`
      : node.resourceType === 'test' ? `${node.packageName}.${node.name}` : [node.packageName, ...folders, node.name].join('.');
    return { id, resourceType: node.resourceType, name: node.sourceName ? `${node.sourceName}.${node.name}` : node.name, path: node.path, packageName: node.packageName, selector };
  });
}
