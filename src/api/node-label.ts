import type { CompiledNode, CompiledProject } from '../compiler/compiled-project.js';
import type { NodeLabel } from './command-options.js';

/** How a node is named in report lines: `table model marts.fact_orders`. */
export function nodeLabel(node: CompiledNode, description?: string): NodeLabel {
  const relation = node.resourceType === 'model' && !node.relation ? undefined : node.relation;
  return {
    nodeId: node.id,
    resourceType: node.resourceType,
    description: description ?? (node.resourceType === 'model' ? node.materialized.replace('_', ' ') : node.resourceType === 'seed' ? 'seed file' : node.resourceType),
    displayName: relation ? `${relation.schema}.${relation.identifier}` : node.name,
  };
}

/** `1 seed, 7 sources, 19 models, 124 tests`: what a command is about to run. */
export function describeNodes(compiled: CompiledProject, ids: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const kind = compiled.tests.has(id) ? 'test' : compiled.nodes.get(id)!.resourceType === 'source' ? 'source' : compiled.nodes.get(id)!.resourceType;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (ids.length === 0) return 'nothing';
  return ['seed', 'source', 'snapshot', 'model', 'test']
    .filter((kind) => counts.has(kind))
    .map((kind) => `${counts.get(kind)} ${kind}${counts.get(kind) === 1 ? '' : 's'}`)
    .join(', ');
}
