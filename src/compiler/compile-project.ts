import type { Target } from '../config/project-config.js';
import { ConfigError, ErrorList, TrevcoError } from '../errors/index.js';
import { buildGraph } from '../graph/build-graph.js';
import { compileTests, testGraphNodes } from '../data-tests/compile-tests.js';
import type { Project } from '../project/project.js';
import { collectError } from './collect-error.js';
import type { CompiledHook } from './compiled-hook.js';
import type { CompiledNode, CompiledProject, SeedNode } from './compiled-project.js';
import { buildProjectGraph, type ProjectGraph } from './project-graph.js';
import type { CompiledModel, RelationName } from './compiled-project.js';
import { installDbtContext } from './dbt/dbt-context.js';
import type { DatabaseProvider } from './dbt/database-access.js';
import { fillDbtGraph } from './dbt/fill-dbt-graph.js';
import { checkRelationCollisions } from './check-relation-collisions.js';
import { isSnapshotFile, toCompiledSnapshot } from './compile-snapshot.js';
import { recordModels } from './record-models.js';
import { Relation } from './relation.js';
import { hasHooks, hooksOf, renderHooks, renderNodeHooks } from './render-hooks.js';
import { plainRef, plainSource, renderModels } from './render-models.js';
import { TemplateEngine } from './template-engine.js';
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

/**
 * Compiles a project in named stages, each handing a plain value to the next:
 * `recordModels` (pass 1: refs, sources, config, all checked) → `buildProjectGraph` (one ref/source resolver, the
 * dependency graph) → `renderModels` (pass 2: real relation names, ephemeral CTEs, hooks) → `compileTests` (with
 * the same resolver). Problems are collected; each stage stops the compile only when the next could not run.
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
    empty: options.empty,
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

  const recorded = recordModels(project, engine, run, errors);
  // Two nodes writing one relation (alias, schema macro, 63-byte truncation) are an error naming both.
  errors.push(...checkRelationCollisions([
    ...[...recorded.sources.values()].filter((node) => node.table.csv !== undefined).map((node) => ({ nodeId: node.id, path: node.path, relation: node.relation })),
    ...[...recorded.seeds.values()].map((node) => ({ nodeId: node.id, path: node.path, relation: node.relation })),
    ...recorded.models.flatMap((model) => {
      const relation = recorded.relations.get(model.file.id);
      return relation ? [{ nodeId: model.file.id, path: model.file.path, relation }] : [];
    }),
  ]));
  const graph = buildProjectGraph(recorded, errors);
  ErrorList.throwIfAny(errors);

  const seeds = [...recorded.seeds.values()].map((seed) => withSeedHooks(seed, graph, engine, run, errors));
  // dbt's `schemas`: the schemas trevco builds into (of every enabled model and seed; the run's selection is not known yet).
  const schemas = [...new Set([...recorded.relations.values(), ...seeds.map((seed) => seed.relation)].flatMap((relation) => (relation ? [relation.schema] : [])))].sort();
  const onRunStart = renderRunHooks(project.config.onRunStart, 'on-run-start', engine, run, schemas, errors);
  const onRunEnd = renderRunHooks(project.config.onRunEnd, 'on-run-end', engine, run, schemas, errors);
  fillDbtGraph(dbtGraph, recorded.models.map((model) => ({ model, config: recorded.configs.get(model.file.id)!, relation: recorded.relations.get(model.file.id) as RelationName | undefined, dependsOn: graph.dependsOn.get(model.file.id) ?? [] })), packageName, recorded.sources, recorded.seeds);
  const models: Map<string, CompiledModel> = renderModels(recorded, graph, engine, run, errors);
  ErrorList.throwIfAny(errors);
  engine.keepCompiledCode();

  const nodes = new Map<string, CompiledNode>();
  for (const node of recorded.sources.values()) nodes.set(node.id, node);
  for (const node of seeds) nodes.set(node.id, node);
  for (const model of recorded.models) {
    const node = models.get(model.file.id)!;
    if (!isSnapshotFile(model.file)) nodes.set(node.id, node);
    else {
      const snapshot = toCompiledSnapshot(node, model, errors);
      if (snapshot) nodes.set(snapshot.id, snapshot);
    }
  }
  ErrorList.throwIfAny(errors);
  // Data tests compile last (they read the compiled relations) and join the graph as leaves, so no new cycle.
  const tests = compileTests(project, { engine, run, nodes, resolver: graph.resolver, errors });
  ErrorList.throwIfAny(errors);
  const testedGraph = tests.size === 0 ? graph.graph! : buildGraph([...graph.nodes, ...testGraphNodes(tests)]);
  return { project, target: options.target, nodes, tests, graph: testedGraph, vars: run.vars, runStartedAt, runDate: run.runDate, onRunStart, onRunEnd, renderedWithDatabase: [...renderedWithDatabase].sort() };
}

/** A seed's hooks, rendered with its context (`this` is its table). */
function withSeedHooks(seed: SeedNode, graph: ProjectGraph, engine: TemplateEngine, run: RunScope, errors: TrevcoError[]): SeedNode {
  if (!hasHooks(seed.config)) return seed;
  try {
    const scope = {
      ...commonScope(run, seed.name),
      ref: (...args: unknown[]) => plainRef(graph, String(args.filter((arg) => typeof arg === 'string').at(-1))),
      source: (sourceName: unknown, tableName: unknown) => plainSource(graph, String(sourceName), String(tableName)),
      this: new Relation(seed.relation.schema, seed.relation.identifier),
    };
    return { ...seed, hooks: renderNodeHooks(engine, seed.config, scope, seed.path) };
  } catch (error) {
    collectError(errors, error);
    return seed;
  }
}

/** on-run-start / on-run-end, rendered with the run's context (target, var, env_var, run_started_at), as the docs say. */
function renderRunHooks(hooks: readonly string[], kind: string, engine: TemplateEngine, run: RunScope, schemas: readonly string[], errors: TrevcoError[]): CompiledHook[] {
  // on-run hooks are rendered before the run, so dbt's `results` cannot exist yet: say so rather than render nothing.
  const usesResults = hooks.find((hook) => /\{[{%][^}]*\bresults\b/.test(hook));
  if (usesResults !== undefined) {
    errors.push(new ConfigError(`${kind} uses \`results\`, which trevco does not provide: on-run hooks are rendered before the run`, {
      file: 'project.yml',
      hint: 'read target/run_results.json after the run instead',
    }));
    return [];
  }
  try {
    return renderHooks(engine, hooksOf(hooks), { ...commonScope(run, kind), schemas }, 'project.yml', kind);
  } catch (error) {
    collectError(errors, error);
    return [];
  }
}
