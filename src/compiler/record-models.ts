import { MATERIALIZATIONS, normalizeConfigKey } from '../config/node-config-schema.js';
import { mergeNodeConfig } from '../config/merge-node-config.js';
import type { NodeConfig } from '../config/project-config.js';
import { ConfigError, TrevcoError } from '../errors/index.js';
import { validateContract } from '../materializations/contract.js';
import { materializationFor } from '../materializations/index.js';
import type { Project } from '../project/project.js';
import { checkConfigCall, locateConfigKey } from './check-config-call.js';
import { collectError } from './collect-error.js';
import type { RelationName, SeedNode, SourceNode } from './compiled-project.js';
import { stringConfig } from './config-values.js';
import { recordHookReferences } from './record-hook-refs.js';
import { isSnapshotFile, snapshotRelation } from './compile-snapshot.js';
import { recordModel, type RecordedModel } from './record-model.js';
import { resolveAlias, resolveSchema } from './dbt/node-naming.js';
import type { TemplateEngine } from './template-engine.js';
import { commonScope, type RunScope } from './template-scope.js';

export const DEFAULT_MATERIALIZATION = 'view';

/** Stage 1's output: every node of the project with its final config and relation, models as recorded by pass 1. */
export interface RecordedProject {
  readonly packageName: string;
  /** Sources by `source.table`. */
  readonly sources: ReadonlyMap<string, SourceNode>;
  /** Enabled seeds by name. */
  readonly seeds: ReadonlyMap<string, SeedNode>;
  /** Enabled models, in file order. */
  readonly models: readonly RecordedModel[];
  readonly disabledNames: ReadonlySet<string>;
  /** Each enabled model's final config (folder < properties < config()), with `materialized` and `tags` filled in, by id. */
  readonly configs: ReadonlyMap<string, NodeConfig>;
  /** Where each enabled model is built, by id; undefined for an ephemeral model. */
  readonly relations: ReadonlyMap<string, RelationName | undefined>;
}

/**
 * Stage 1 (pass 1): sources and seeds become nodes; every model is rendered with recording `ref`/`source`/`config`
 * to learn what it reads and its final config, which is checked here (the node-config schema for `config()`, then
 * the materialization's own checks), so a bad value stops the run before anything is built.
 */
export function recordModels(project: Project, engine: TemplateEngine, run: RunScope, errors: TrevcoError[]): RecordedProject {
  const packageName = project.config.name;
  const paths = project.config.paths;
  // dbt's generate_schema_name / generate_alias_name (the project's own, or dbt's defaults) decide where a node is built.
  const schemaFor = (config: NodeConfig, name: string, resourceType = 'model', path?: string): string =>
    resolveSchema(engine, run, { name, resourceType, packageName, path, pathRoot: resourceType === 'seed' ? paths.seeds : paths.models, config });
  const aliasFor = (config: NodeConfig, name: string, resourceType = 'model', path?: string): string =>
    resolveAlias(engine, run, { name, resourceType, packageName, path, pathRoot: resourceType === 'seed' ? paths.seeds : paths.models, config });
  const sources = sourceNodes(project, errors);
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
      collectError(errors, error);
    }
  });
  const configs = new Map(recorded.map((model) => [model.file.id, finalConfig(model, errors)]));
  for (const model of recorded) recordHookReferences(engine, run, model, configs.get(model.file.id)!);
  const models = recorded.filter((model) => configs.get(model.file.id)!.enabled !== false);
  const disabledNames = new Set(recorded.filter((model) => !models.includes(model)).map((model) => model.file.name));
  const relations = new Map<string, RelationName | undefined>();
  for (const model of models) {
    const config = configs.get(model.file.id)!;
    relations.set(model.file.id, isSnapshotFile(model.file) ? snapshotRelation(config, model.file.name, (c, n) => schemaFor(c, n, 'snapshot', model.file.path)) : config.materialized === 'ephemeral' ? undefined : {
      schema: schemaFor(config, model.file.name, 'model', model.file.path),
      identifier: aliasFor(config, model.file.name, 'model', model.file.path),
    });
  }
  return { packageName, sources, seeds, models, disabledNames, configs, relations };
}

/** folder < properties < config(), checked; `materialized` and `tags` always set. */
function finalConfig(model: RecordedModel, errors: TrevcoError[]): NodeConfig {
  const { file } = model;
  // A snapshot's own keys are checked where it is compiled (compile-snapshot.ts), with their locations.
  if (isSnapshotFile(file)) {
    // config(post_hook=…) is the SQL spelling of post-hook: one key, so hooks from project.yml and config() append.
    const called = Object.fromEntries(Object.entries(model.config).map(([key, value]) => [normalizeConfigKey(key), value]));
    const merged = mergeNodeConfig(file.config, called);
    return { ...merged, materialized: 'snapshot', tags: normalizedTags(merged.tags) };
  }
  const at = { path: file.path, source: file.rawSql, nodeId: file.id, name: file.name, resourceType: 'model' as const };
  const merged = mergeNodeConfig(file.config, checkConfigCall(model.config, at, errors));
  const materialized = stringConfig(merged.materialized) ?? DEFAULT_MATERIALIZATION;
  // An unknown materialized= was reported by the schema check.
  const problems = (MATERIALIZATIONS as readonly string[]).includes(materialized)
    ? materializationFor(materialized).validate({ name: file.name, config: merged, properties: file.properties })
    : [];
  for (const problem of problems) {
    errors.push(new ConfigError(problem.message, { file: file.path, ...locateConfigKey(file.rawSql, problem.key), source: file.rawSql, nodeId: file.id, hint: problem.hint }));
  }
  const properties = file.properties;
  for (const problem of validateContract({ name: file.name, config: merged, properties })) {
    errors.push(new ConfigError(problem.message, { file: properties?.file ?? file.path, line: properties?.line, nodeId: file.id, hint: problem.hint }));
  }
  return { ...merged, materialized, tags: merged.tags ?? [] };
}

function normalizedTags(tags: unknown): string[] {
  if (tags === undefined || tags === null) return [];
  return Array.isArray(tags) ? tags.map(String) : [String(tags)];
}

function sourceNodes(project: Project, errors: TrevcoError[]): Map<string, SourceNode> {
  const packageName = project.config.name;
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
  return sources;
}
