import type { GraphNode } from '../graph-node.js';

/**
 * A node's fully qualified name as dbt builds it: the package, the folders between the resource folder
 * (`models/`, `seeds/`, `tests/`) and the file, then the name; for a source, the source name and then the table.
 * `models/marts/fact_orders.sql` in package trevco → `['trevco', 'marts', 'fact_orders']`.
 */
export function nodeFqn(node: GraphNode): string[] {
  const folders = node.path.split('/').slice(1, -1);
  const isSource = node.resourceType === 'source' && node.sourceName !== undefined;
  const leaf = isSource ? [node.sourceName!, node.name] : [node.name];
  return [node.packageName, ...folders, ...leaf];
}
