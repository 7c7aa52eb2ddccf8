import type { NodeConfig, Target } from '../config/project-config.js';
import { ConfigError, ErrorList, TrevcoError } from '../errors/index.js';
import { buildGraph } from '../graph/build-graph.js';
import { compileTests, testGraphNodes } from '../data-tests/compile-tests.js';
import type { GraphNode } from '../graph/graph-node.js';
import { mergeNodeConfig } from '../config/merge-node-config.js';
import type { Project } from '../project/project.js';
import type { CompiledModel, CompiledNode, CompiledProject, RelationName, SeedNode, SourceNode } from './compiled-project.js';
import { isSnapshotFile, snapshotRelation, toCompiledSnapshot } from './compile-snapshot.js';
import { injectCtes, trimStatement } from './inject-ctes.js';
import { BATCH_SCOPE, FilteredRelation, isMicrobatch, resolveBatchFilters } from './microbatch-filter.js';
import { EmptyRelation, Relation } from './relation.js';
import { RELATION_TOKEN, modelContext, recordModel, type RecordedModel } from './record-model.js';
import { configFunction } from './dbt/config-function.js';
import { installDbtContext } from './dbt/dbt-context.js';
import type { DatabaseProvider } from './dbt/database-access.js';
import { isRenderQueryFailure } from './dbt/sync-database.js';
import { fillDbtGraph } from './dbt/fill-dbt-graph.js';
import { didYouMeanHint, resolveDependencies } from './resolve-dependencies.js';
import { stringConfig } from './config-values.js';
import { resolveAlias, resolveSchema } from './dbt/node-naming.js';
import { checkRelationCollisions } from './check-relation-collisions.js';
import { TemplateEngine, type TemplateScope } from './template-engine.js';
import type { TemplateCodeCache } from './template-code-cache.js';
import { commonScope, type RunScope } from './template-scope.js';

export interface CompileOptions {
  readonly target: Target;
  /** The run's logical date, YYYY-MM-DD (`--run-date`); default: today in UTC. */
  readonly runDate?: string;
  readonly runStartedAt?: Date;
  readonly env?: NodeJS.ProcessEnv;
  /** Keeps Nunjucks' generated code between compiles (target/partial_parse.json), so unchanged templates skip parsing. */
  readonly templateCache?: TemplateCodeCache;
  /** The database run_query & co. use while rendering (dbt's execute-time queries); absent: they fail clearly. */
  readonly database?: DatabaseProvider;
  /** dbt's `--empty`: every ref() and source() reads zero rows, so models build with their columns and no data. */
  readonly empty?: boolean;
  /** dbt's `--store-failures`: every data test keeps its failing rows. */
  readonly storeFailures?: boolean;
}

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'materialized_view'] as const;
const DEFAULT_MATERIALIZATION = 'view';

/**
 * Compiles a project in two passes. Pass 1 renders every model with recording `ref`/`source`/`config` to learn
 * its dependencies and final config; then the graph is built (a cycle is reported with the other problems);
 * pass 2 renders again with real, quoted relation names and inlines ephemeral models as CTEs.
 * Every problem found is thrown together.
 */
export function compileProject(project: Project, options: CompileOptions): CompiledProject {
  const packageName = project.config.name;
  const runStartedAt = (options.runStartedAt ?? new Date()).toISOString();
  const run: RunScope = {
    target: options.target,
    vars: project.config.vars,
    env: options.env ?? process.env,
    runStartedAt,
    runDate: options.runDate ?? runStartedAt.slice(0, 10),
    dbtProject: project.config.dbt !== undefined,
    projectName: packageName,
    storeFailures: options.storeFailures,
  };
  const errors: TrevcoError[] = [];
  const engine = new TemplateEngine(project.macros, options.templateCache);
  const renderedWithDatabase = new Set<string>();
  const database: DatabaseProvider | undefined = options.database && {
    ...options.database,
    onUse: (nodeId) => {
      if (nodeId !== undefined) renderedWithDatabase.add(nodeId);
    },
  };
  const dbtGraph = installDbtContext(engine, { rootProject: packageName, dispatch: project.config.dbt?.dispatch ?? [], flags: project.config.dbt?.flags, database });
  const paths = project.config.paths;
  const schemaFor = (config: NodeConfig, name: string, resourceType = 'model', path?: string): string =>
    resolveSchema(engine, run, { name, resourceType, packageName, path, pathRoot: resourceType === 'seed' ? paths.seeds : paths.models, config });
  const aliasFor = (config: NodeConfig, name: string, resourceType = 'model', path?: string): string =>
    resolveAlias(engine, run, { name, resourceType, packageName, path, pathRoot: resourceType === 'seed' ? paths.seeds : paths.models, config });

  const sources = new Map<string, SourceNode>();
  for (const source of project.sources) {
    for (const table of source.tables) {
      const key = `${source.name}.${table.name}`;
      if (sources.has(key)) {
        errors.push(new ConfigError(`source '${key}' is declared twice`, { file: table.declaredIn, line: table.line }));
        continue;
      }
      sources.set(key, {
        id: `source.${packageName}.${source.name}.${table.name}`,
        resourceType: 'source',
        name: table.name,
        sourceName: source.name,
        packageName,
        path: table.declaredIn,
        config: { event_time: table.eventTime },
        tags: [...new Set([...source.tags, ...table.tags])],
        dependsOn: [],
        checksum: '',
        description: table.description,
        relation: { schema: source.schema, identifier: table.identifier },
        table,
      });
    }
  }

  const seeds = new Map<string, SeedNode>();
  for (const seed of project.seeds) {
    if (seed.config.enabled === false) continue;
    seeds.set(seed.name, {
      id: seed.id,
      resourceType: 'seed',
      name: seed.name,
      packageName: seed.packageName ?? packageName,
      path: seed.path,
      config: seed.config,
      tags: seed.config.tags ?? [],
      dependsOn: [],
      checksum: seed.checksum,
      description: seed.properties?.description,
      relation: { schema: schemaFor(seed.config, seed.name, 'seed', seed.path), identifier: aliasFor(seed.config, seed.name, 'seed', seed.path) },
      absolutePath: seed.absolutePath,
      properties: seed.properties,
    });
  }

  // Pass 1: record refs, sources and config.
  const recorded: RecordedModel[] = [];
  // Snapshots compile exactly as models do (refs, sources, config(), macros); they differ in how they are built.
  const sqlFiles = [...project.models, ...project.snapshots];
  const parsedModels = engine.parseAll(sqlFiles.map((file) => ({ path: file.path, source: file.rawSql })));
  sqlFiles.forEach((file, index) => {
    const parsed = parsedModels[index]!;
    if (parsed instanceof TrevcoError) {
      errors.push(parsed);
      return;
    }
    try {
      recorded.push(recordModel(engine, run, file, parsed, schemaFor));
    } catch (error) {
      collect(errors, error);
    }
  });
  const finalConfig = new Map(recorded.map((model) => [model.file.name, mergeNodeConfig(model.file.config, model.config)]));
  const enabled = recorded.filter((model) => finalConfig.get(model.file.name)!.enabled !== false);
  const disabledNames = new Set(recorded.filter((model) => !enabled.includes(model)).map((model) => model.file.name));
  const enabledByName = new Map(enabled.map((model) => [model.file.name, model]));
  const enabledById = new Map(enabled.map((model) => [model.file.id, model]));

  const relations = new Map<string, RelationName | undefined>();
  const dependsOn = new Map<string, string[]>();
  for (const model of enabled) {
    const config = finalConfig.get(model.file.name)!;
    const materialized = isSnapshotFile(model.file) ? 'snapshot' : stringConfig(config.materialized) ?? DEFAULT_MATERIALIZATION;
    if (materialized !== 'snapshot' && !(MATERIALIZATIONS as readonly string[]).includes(materialized)) {
      errors.push(new ConfigError(`model '${model.file.name}' has materialized='${materialized}', which is not one of ${MATERIALIZATIONS.join(', ')}`, {
        file: model.file.path,
        nodeId: model.file.id,
        hint: didYouMeanHint(materialized, MATERIALIZATIONS),
      }));
    }
    relations.set(model.file.id, isSnapshotFile(model.file) ? snapshotRelation(config, model.file.name, (c, n) => schemaFor(c, n, 'snapshot', model.file.path)) : materialized === 'ephemeral' ? undefined : {
      schema: schemaFor(config, model.file.name, 'model', model.file.path),
      identifier: aliasFor(config, model.file.name, 'model', model.file.path),
    });
    dependsOn.set(model.file.id, resolveDependencies(model, { enabledByName, disabledNames, seeds, sources }, errors));
  }

  fillDbtGraph(dbtGraph, enabled.map((model) => ({ model, config: finalConfig.get(model.file.name)!, relation: relations.get(model.file.id), dependsOn: dependsOn.get(model.file.id) ?? [] })), packageName, sources, seeds);
  const graphNodes: GraphNode[] = [
    ...[...sources.values()].map((node) => toGraphNode(node)),
    ...[...seeds.values()].map((node) => toGraphNode(node)),
    ...enabled.map((model): GraphNode => ({
      id: model.file.id,
      resourceType: isSnapshotFile(model.file) ? 'snapshot' : 'model',
      name: model.file.name,
      path: model.file.path,
      tags: finalConfig.get(model.file.name)!.tags ?? [],
      config: withMaterialized(finalConfig.get(model.file.name)!, model.file),
      dependsOn: dependsOn.get(model.file.id) ?? [],
      packageName: model.file.packageName ?? packageName,
    })),
  ];
  errors.push(...checkRelationCollisions([
    ...[...sources.values()].filter((node) => node.table.csv !== undefined).map((node) => ({ nodeId: node.id, path: node.path, relation: node.relation })),
    ...[...seeds.values()].map((node) => ({ nodeId: node.id, path: node.path, relation: node.relation })),
    ...enabled.flatMap((model) => {
      const relation = relations.get(model.file.id);
      return relation ? [{ nodeId: model.file.id, path: model.file.path, relation }] : [];
    }),
  ]));
  let graph;
  try {
    graph = buildGraph(graphNodes);
  } catch (error) {
    collect(errors, error);
  }
  ErrorList.throwIfAny(errors);

  // Pass 2: render with real relation names. Ephemeral models compile on first use, since readers inline them.
  const compiled = new Map<string, CompiledModel>();
  const compileModel = (model: RecordedModel): CompiledModel => {
    const done = compiled.get(model.file.id);
    if (done) return done;
    const config = withMaterialized(finalConfig.get(model.file.name)!, model.file);
    const materialized = String(config.materialized);
    const relation = relations.get(model.file.id);
    const ephemeralReads = new Set<string>();
    // Microbatch models read upstreams that declare event_time through the batch window (see microbatch-filter.ts).
    const microbatch = isMicrobatch(config);
    const thisRelation = relation ? new Relation(relation.schema, relation.identifier) : new Relation('', model.file.name, ephemeralCteName(model.file.name));
    const render = (incremental: boolean): string => {
      const filters: FilteredRelation[] = [];
      const windowed = (schema: string, identifier: string, eventTime: unknown): Relation =>
        options.empty
          ? new EmptyRelation(schema, identifier)
          : microbatch && typeof eventTime === 'string' && eventTime !== ''
            ? new FilteredRelation(schema, identifier, eventTime, filters)
            : new Relation(schema, identifier);
      const refRelation = (name: string): Relation => {
        const upstream = enabledByName.get(name);
        if (upstream) {
          const upstreamRelation = relations.get(upstream.file.id);
          if (upstreamRelation) return windowed(upstreamRelation.schema, upstreamRelation.identifier, finalConfig.get(name)!.event_time);
          ephemeralReads.add(upstream.file.id);
          return new Relation('', name, ephemeralCteName(name));
        }
        const seed = seeds.get(name)!;
        return windowed(seed.relation.schema, seed.relation.identifier, seed.config.event_time);
      };
      const sourceRelation = (sourceName: string, tableName: string): Relation => {
        const source = sources.get(`${sourceName}.${tableName}`)!;
        return windowed(source.relation.schema, source.relation.identifier, source.config.event_time);
      };
      // Pass 1 rendered with is_incremental() false and printed relations as tokens: unless the template looked
      // inside a relation (or is incremental, where windows and is_incremental() matter), swapping the tokens for
      // real names gives exactly what rendering again would.
      if (!incremental && !model.inspectedRelations && materialized !== 'incremental') {
        return finish(trimStatement(model.output.replace(RELATION_TOKEN, (_, index: string) => {
          const token = model.tokens[Number(index)]!;
          const resolved = token.kind === 'ref' ? refRelation(token.name) : token.kind === 'source' ? sourceRelation(token.source, token.table) : thisRelation;
          return resolved.toString();
        })));
      }
      const scope = renderingScope(run, model, relation, incremental, refRelation, sourceRelation, config);
      return finish(resolveBatchFilters(trimStatement(engine.render(model.parsed, { ...scope, batch: microbatch ? BATCH_SCOPE : undefined })), filters));
    };
    /** Inlines the ephemeral models the SQL read as CTEs. */
    const finish = (sql: string): string => {
      const ctes = [...ephemeralReads].map((id) => {
        const upstream = compileModel(enabledById.get(id)!);
        // An ephemeral model that could not be rendered (a failed query) fails its readers the same way.
        if (upstream.renderError) throw upstream.renderError;
        return { name: ephemeralCteName(upstream.name), sql: upstream.compiledSql };
      });
      return injectCtes(sql, ctes);
    };
    const result: CompiledModel = {
      id: model.file.id,
      resourceType: 'model',
      name: model.file.name,
      packageName: model.file.packageName ?? packageName,
      path: model.file.path,
      config,
      tags: config.tags ?? [],
      dependsOn: dependsOn.get(model.file.id) ?? [],
      checksum: model.file.checksum,
      description: model.file.properties?.description,
      materialized,
      relation,
      rawSql: model.file.rawSql,
      compiledSql: render(false),
      incrementalSql: materialized === 'incremental' ? render(true) : undefined,
      properties: model.file.properties,
    };
    compiled.set(model.file.id, result);
    return result;
  };
  for (const model of enabled) {
    try {
      compileModel(model);
    } catch (error) {
      if (!isRenderQueryFailure(error)) {
        collect(errors, error);
        continue;
      }
      // dbt would render this model only when it runs: fail it then, not every command now.
      const config = withMaterialized(finalConfig.get(model.file.name)!, model.file);
      compiled.set(model.file.id, {
        id: model.file.id,
        resourceType: 'model',
        name: model.file.name,
        packageName: model.file.packageName ?? packageName,
        path: model.file.path,
        config,
        tags: config.tags ?? [],
        dependsOn: dependsOn.get(model.file.id) ?? [],
        checksum: model.file.checksum,
        description: model.file.properties?.description,
        materialized: String(config.materialized),
        relation: relations.get(model.file.id),
        rawSql: model.file.rawSql,
        compiledSql: '',
        properties: model.file.properties,
        renderError: error,
      });
    }
  }
  ErrorList.throwIfAny(errors);
  engine.keepCompiledCode();

  const nodes = new Map<string, CompiledNode>();
  for (const node of sources.values()) nodes.set(node.id, node);
  for (const node of seeds.values()) nodes.set(node.id, node);
  for (const model of enabled) {
    const node = compiled.get(model.file.id)!;
    if (!isSnapshotFile(model.file)) nodes.set(node.id, node);
    else {
      const snapshot = toCompiledSnapshot(node, model, errors);
      if (snapshot) nodes.set(snapshot.id, snapshot);
    }
  }
  ErrorList.throwIfAny(errors);
  // Data tests compile last (they read the compiled relations) and join the graph as leaves, so no new cycle.
  const tests = compileTests(project, { engine, run, nodes, errors });
  ErrorList.throwIfAny(errors);
  const testedGraph = tests.size === 0 ? graph! : buildGraph([...graphNodes, ...testGraphNodes(tests)]);
  return { project, target: options.target, nodes, tests, graph: testedGraph, vars: run.vars, runStartedAt, runDate: run.runDate, renderedWithDatabase: [...renderedWithDatabase].sort() };
}

function renderingScope(
  run: RunScope,
  model: RecordedModel,
  relation: RelationName | undefined,
  incremental: boolean,
  ref: (name: string) => Relation,
  source: (sourceName: string, tableName: string) => Relation,
  config: NodeConfig,
): TemplateScope {
  const scope: TemplateScope = {
    ...commonScope(run, model.file.name),
    ref: (...args: unknown[]) => ref(String(args.filter((arg) => typeof arg === 'string').at(-1))),
    source: (sourceName: unknown, tableName: unknown) => source(String(sourceName), String(tableName)),
    config: configFunction(() => undefined, () => config),
    is_incremental: () => incremental,
    this: relation ? new Relation(relation.schema, relation.identifier) : new Relation('', model.file.name, ephemeralCteName(model.file.name)),
    model: modelContext(model.file, config, run.projectName ?? ''),
  };
  return { ...scope, builtins: { ref: scope.ref, source: scope.source, config: scope.config } };
}

export function ephemeralCteName(name: string): string {
  return `__trevco_cte__${name}`;
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

function withMaterialized(config: NodeConfig, file: { readonly path: string }): NodeConfig {
  const materialized = isSnapshotFile(file) ? 'snapshot' : stringConfig(config.materialized) ?? DEFAULT_MATERIALIZATION;
  return { ...config, materialized, tags: config.tags ?? [] };
}

function collect(errors: TrevcoError[], error: unknown): void {
  if (error instanceof ErrorList) errors.push(...error.errors);
  else if (error instanceof TrevcoError) errors.push(error);
  else throw error;
}
