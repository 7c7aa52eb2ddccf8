import type { TrevcoError } from '../errors/index.js';
import { buildGraph } from '../graph/build-graph.js';
import type { DependencyGraph } from '../graph/dependency-graph.js';
import type { GraphNode } from '../graph/graph-node.js';
import { collectError } from './collect-error.js';
import type { SeedNode, SourceNode } from './compiled-project.js';
import { locateCall } from './locate-call.js';
import { isSnapshotFile } from './compile-snapshot.js';
import type { RecordedProject } from './record-models.js';
import type { RecordedModel } from './record-model.js';
import { RelationResolver } from './relation-resolver.js';

/** Stage 2's output: the resolver every later stage shares, each model's upstream ids, and the graph. */
export interface ProjectGraph {
  readonly resolver: RelationResolver;
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  readonly nodes: readonly GraphNode[];
  /** Undefined when building it failed (a cycle, reported in `errors`). */
  readonly graph?: DependencyGraph;
}

/**
 * Stage 2: resolves every model's recorded refs and sources (an unknown or disabled one is an error at the call)
 * and builds the dependency graph (a cycle is reported with its whole path).
 */
export function buildProjectGraph(recorded: RecordedProject, errors: TrevcoError[]): ProjectGraph {
  const resolver = new RelationResolver(
    recorded.models.map((model) => ({
      id: model.file.id,
      name: model.file.name,
      relation: recorded.relations.get(model.file.id),
      eventTime: recorded.configs.get(model.file.id)!.event_time,
    })),
    recorded.seeds.values(),
    recorded.sources.values(),
    recorded.disabledNames,
  );
  const dependsOn = new Map(recorded.models.map((model) => [model.file.id, upstreamsOf(model, resolver, errors)]));
  const nodes: GraphNode[] = [
    ...[...recorded.sources.values()].map(toGraphNode),
    ...[...recorded.seeds.values()].map(toGraphNode),
    ...recorded.models.map((model): GraphNode => {
      const config = recorded.configs.get(model.file.id)!;
      return {
        id: model.file.id,
        resourceType: isSnapshotFile(model.file) ? 'snapshot' : 'model',
        name: model.file.name,
        path: model.file.path,
        tags: config.tags ?? [],
        config,
        dependsOn: dependsOn.get(model.file.id) ?? [],
        packageName: model.file.packageName ?? recorded.packageName,
      };
    }),
  ];
  let graph: DependencyGraph | undefined;
  try {
    graph = buildGraph(nodes);
  } catch (error) {
    collectError(errors, error);
  }
  return { resolver, dependsOn, nodes, graph };
}

/** The ids a model reads; each unknown or disabled ref or source is reported at its call, all of them. */
function upstreamsOf(model: RecordedModel, resolver: RelationResolver, errors: TrevcoError[]): string[] {
  const ids = new Set<string>();
  const site = (fn: string, args: string[]) => ({
    who: `model '${model.file.name}'`,
    file: model.file.path,
    ...locateCall(model.file.rawSql, fn, args),
    source: model.file.rawSql,
    nodeId: model.file.id,
  });
  for (const name of new Set(model.refs)) {
    const found = resolver.findRef(name);
    if (found) ids.add(found.id);
    else errors.push(resolver.refNotFound(name, site('ref', [name])));
  }
  for (const [sourceName, tableName] of model.sources) {
    const found = resolver.findSource(sourceName, tableName);
    if (found) ids.add(found.id);
    else errors.push(resolver.sourceNotFound(sourceName, tableName, site('source', [sourceName, tableName])));
  }
  return [...ids].sort();
}

function toGraphNode(node: SeedNode | SourceNode): GraphNode {
  return {
    id: node.id,
    resourceType: node.resourceType,
    name: node.name,
    sourceName: node.resourceType === 'source' ? node.sourceName : undefined,
    path: node.path,
    tags: node.tags,
    config: node.config,
    dependsOn: [],
    packageName: node.packageName,
  };
}
