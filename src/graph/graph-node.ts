/** The kinds of node the graph holds. Analyses and exposures are not part of trevco. */
export type ResourceType = 'model' | 'seed' | 'snapshot' | 'source' | 'test';

/**
 * What selection and the graph need to know about a node. Node ids follow dbt: `model.<project>.<name>`,
 * `seed.<project>.<name>`, `snapshot.<project>.<name>`, `source.<project>.<source>.<table>`, `test.<project>.<test_name>`.
 */
export interface GraphNode {
  readonly id: string;
  readonly resourceType: ResourceType;
  /** Model, seed or test name; for a source node the table name. */
  readonly name: string;
  /** Source nodes: the source group name (e.g. 'raw'). */
  readonly sourceName?: string;
  /** Project-relative, forward slashes, e.g. 'models/marts/fact_orders.sql'; sources: the yml or project.yml path. */
  readonly path: string;
  readonly tags: readonly string[];
  /** Resolved config, e.g. `{ materialized: 'table', schema: 'marts', enabled: true }`. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Ids of the nodes this one reads from (refs, sources); for tests: the tested nodes. */
  readonly dependsOn: readonly string[];
  readonly testType?: 'generic' | 'singular';
  readonly packageName: string;
}

/** How a node is named in messages: its name, or `source.table` for a source. */
export function displayName(node: GraphNode): string {
  const isSource = node.resourceType === 'source' && node.sourceName !== undefined;
  return isSource ? `${node.sourceName}.${node.name}` : node.name;
}
