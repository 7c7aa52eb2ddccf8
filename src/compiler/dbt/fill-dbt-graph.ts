import type { NodeConfig } from '../../config/project-config.js';
import type { RelationName, SeedNode, SourceNode } from '../compiled-project.js';
import type { RecordedModel } from '../record-model.js';
import type { DbtGraph } from './dbt-context.js';
import { nodeContext } from './node-naming.js';

/** What fills dbt's `graph.nodes` for one model. */
export interface GraphModel {
  readonly model: RecordedModel;
  readonly config: NodeConfig;
  readonly relation: RelationName | undefined;
  readonly dependsOn: readonly string[];
}

/**
 * Fills dbt's `graph` once pass 1 knows every node, so pass 2 (execute true) sees models, seeds and sources as
 * dbt shows them: unique_id, name, resource_type, package_name, fqn, config, schema, alias, depends_on.
 */
export function fillDbtGraph(graph: DbtGraph, models: readonly GraphModel[], packageName: string, sources: ReadonlyMap<string, SourceNode>, seeds: ReadonlyMap<string, SeedNode>): void {
  // Built on first read: most projects never look at `graph`, and a large project's copy costs memory.
  let filled = false;
  const fill = (): void => {
    if (filled) return;
    filled = true;
    fillNow(graph, models, packageName, sources, seeds);
  };
  const nodes = graph.nodes;
  const sourcesOut = graph.sources;
  Object.defineProperty(graph, 'nodes', { get: () => (fill(), nodes), enumerable: true });
  Object.defineProperty(graph, 'sources', { get: () => (fill(), sourcesOut), enumerable: true });
}

function fillNow(graph: DbtGraph, models: readonly GraphModel[], packageName: string, sources: ReadonlyMap<string, SourceNode>, seeds: ReadonlyMap<string, SeedNode>): void {
  for (const { model, config, relation, dependsOn } of models) {
    const node = nodeContext({ name: model.file.name, resourceType: 'model', packageName, path: model.file.path, pathRoot: model.file.path.split('/')[0], config });
    graph.nodes[model.file.id] = {
      ...node,
      schema: relation?.schema,
      alias: relation?.identifier ?? model.file.name,
      identifier: relation?.identifier ?? model.file.name,
      relation_name: relation ? `"${relation.schema}"."${relation.identifier}"` : null,
      raw_code: model.file.rawSql,
      description: model.file.properties?.description ?? '',
      columns: Object.fromEntries((model.file.properties?.columns ?? []).map((column) => [column.name, { name: column.name, description: column.description ?? '', data_type: column.dataType ?? null }])),
      depends_on: { nodes: [...dependsOn], macros: [] },
      refs: model.refs.map((name) => ({ name, package: null, version: null })),
      sources: model.sources.map(([source, table]) => [source, table]),
    };
  }
  for (const seed of seeds.values()) {
    graph.nodes[seed.id] = {
      ...nodeContext({ name: seed.name, resourceType: 'seed', packageName, path: seed.path, pathRoot: seed.path.split('/')[0], config: seed.config }),
      schema: seed.relation.schema,
      alias: seed.relation.identifier,
      identifier: seed.relation.identifier,
      relation_name: `"${seed.relation.schema}"."${seed.relation.identifier}"`,
      depends_on: { nodes: [], macros: [] },
    };
  }
  for (const source of sources.values()) {
    graph.sources[source.id] = {
      unique_id: source.id,
      name: source.name,
      source_name: source.sourceName,
      resource_type: 'source',
      package_name: packageName,
      fqn: [packageName, source.sourceName, source.name],
      schema: source.relation.schema,
      identifier: source.relation.identifier,
      relation_name: `"${source.relation.schema}"."${source.relation.identifier}"`,
      config: source.config,
      tags: source.tags,
    };
  }
}
