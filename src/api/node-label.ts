import type { CompiledNode } from '../compiler/compiled-project.js';
import type { NodeLabel } from './command-options.js';

/** How a node is named in report lines: `table model marts.fact_orders`. */
export function nodeLabel(node: CompiledNode, description?: string): NodeLabel {
  const relation = node.resourceType === 'model' && !node.relation ? undefined : node.relation;
  return {
    nodeId: node.id,
    resourceType: node.resourceType,
    description: description ?? (node.resourceType === 'model' ? node.materialized.replace('_', ' ') : node.resourceType === 'seed' ? 'seed file' : 'source'),
    displayName: relation ? `${relation.schema}.${relation.identifier}` : node.name,
  };
}
