import type { TrevcoError } from '../errors/index.js';
import { collectError } from './collect-error.js';
import { NO_HOOKS } from './compiled-hook.js';
import type { CompiledModel, RelationName } from './compiled-project.js';
import { ephemeralCteName } from './ephemeral-cte.js';
import { injectCtes, trimStatement } from './inject-ctes.js';
import { BATCH_SCOPE, FilteredRelation, isMicrobatch, resolveBatchFilters } from './microbatch-filter.js';
import type { ProjectGraph } from './project-graph.js';
import { RELATION_TOKEN, modelContext, type RecordedModel } from './record-model.js';
import type { RecordedProject } from './record-models.js';
import { EmptyRelation, Relation } from './relation.js';
import { configFunction } from './dbt/config-function.js';
import { isRenderQueryFailure } from './dbt/sync-database.js';
import type { NodeConfig } from '../config/project-config.js';
import { hasHooks, renderNodeHooks } from './render-hooks.js';
import type { TemplateEngine, TemplateScope } from './template-engine.js';
import { commonScope, type RunScope } from './template-scope.js';

/**
 * Stage 3 (pass 2): renders every enabled model with real, quoted relation names (through the shared resolver),
 * its is_incremental() variant for incremental models, and its hooks; ephemeral models are inlined as CTEs into
 * their readers (compiled on first use). Problems are pushed to `errors`.
 */
export function renderModels(recorded: RecordedProject, graph: ProjectGraph, engine: TemplateEngine, run: RunScope, errors: TrevcoError[]): Map<string, CompiledModel> {
  const compiled = new Map<string, CompiledModel>();
  const byId = new Map(recorded.models.map((model) => [model.file.id, model]));
  const compileModel = (model: RecordedModel): CompiledModel => {
    const done = compiled.get(model.file.id);
    if (done) return done;
    const config = recorded.configs.get(model.file.id)!;
    const materialized = String(config.materialized);
    const relation = recorded.relations.get(model.file.id);
    const ephemeralReads = new Set<string>();
    // Microbatch models read upstreams that declare event_time through the batch window (see microbatch-filter.ts).
    const microbatch = isMicrobatch(config);
    const thisRelation = relationOfThis(model, relation);
    const render = (incremental: boolean): string => {
      const filters: FilteredRelation[] = [];
      const windowed = (target: RelationName, eventTime: unknown): Relation =>
        run.empty
          ? new EmptyRelation(target.schema, target.identifier)
          : microbatch && typeof eventTime === 'string' && eventTime !== ''
          ? new FilteredRelation(target.schema, target.identifier, eventTime, filters)
          : new Relation(target.schema, target.identifier);
      // Pass 1 reported every unknown name, so these resolve.
      const refRelation = (name: string): Relation => {
        const upstream = graph.resolver.findRef(name)!;
        if (upstream.relation) return windowed(upstream.relation, upstream.eventTime);
        ephemeralReads.add(upstream.id);
        return new Relation('', name, ephemeralCteName(name));
      };
      const sourceRelation = (sourceName: string, tableName: string): Relation => {
        const source = graph.resolver.findSource(sourceName, tableName)!;
        return windowed(source.relation!, source.eventTime);
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
      const scope = renderingScope(run, model, thisRelation, incremental, refRelation, sourceRelation, config);
      return finish(resolveBatchFilters(trimStatement(engine.render(model.parsed, { ...scope, batch: microbatch ? BATCH_SCOPE : undefined })), filters));
    };
    /** Inlines the ephemeral models the SQL read as CTEs. */
    const finish = (sql: string): string => {
      const ctes = [...ephemeralReads].map((id) => {
        const upstream = compileModel(byId.get(id)!);
        // An ephemeral model that could not be rendered (a failed query) fails its readers the same way.
        if (upstream.renderError) throw upstream.renderError;
        return { name: ephemeralCteName(upstream.name), sql: upstream.compiledSql };
      });
      return injectCtes(sql, ctes);
    };
    // Hooks see the node's context, as in dbt; relations print plainly (no batch window, no inlined CTE).
    const hooksFor = (incremental: boolean) => (hasHooks(config)
      ? renderNodeHooks(engine, config, renderingScope(run, model, thisRelation, incremental, (name) => plainRef(graph, name), (a, b) => plainSource(graph, a, b), config), model.file.path)
      : NO_HOOKS);
    const result: CompiledModel = {
      ...modelIdentity(model, config, recorded, graph),
      materialized,
      relation,
      rawSql: model.file.rawSql,
      compiledSql: render(false),
      incrementalSql: materialized === 'incremental' ? render(true) : undefined,
      hooks: hooksFor(false),
      incrementalHooks: materialized === 'incremental' ? hooksFor(true) : undefined,
      properties: model.file.properties,
    };
    compiled.set(model.file.id, result);
    return result;
  };
  for (const model of recorded.models) {
    try {
      compileModel(model);
    } catch (error) {
      if (!isRenderQueryFailure(error)) {
        collectError(errors, error);
        continue;
      }
      // dbt would render this model only when it runs: fail it then, not every command now.
      const config = recorded.configs.get(model.file.id)!;
      compiled.set(model.file.id, {
        ...modelIdentity(model, config, recorded, graph),
        materialized: String(config.materialized),
        relation: recorded.relations.get(model.file.id),
        rawSql: model.file.rawSql,
        compiledSql: '',
        hooks: NO_HOOKS,
        properties: model.file.properties,
        renderError: error,
      });
    }
  }
  return compiled;
}

/** What a compiled model records about itself whether or not it rendered. */
function modelIdentity(model: RecordedModel, config: NodeConfig, recorded: RecordedProject, graph: ProjectGraph) {
  return {
    id: model.file.id,
    resourceType: 'model' as const,
    name: model.file.name,
    packageName: model.file.packageName ?? recorded.packageName,
    path: model.file.path,
    config,
    tags: config.tags ?? [],
    dependsOn: graph.dependsOn.get(model.file.id) ?? [],
    checksum: model.file.checksum,
    description: model.file.properties?.description,
  };
}

function relationOfThis(model: RecordedModel, relation: RelationName | undefined): Relation {
  return relation ? new Relation(relation.schema, relation.identifier) : new Relation('', model.file.name, ephemeralCteName(model.file.name));
}

/** A relation for a hook: hooks run on their own, so an ephemeral model (a CTE) cannot be referred to. */
export function plainRef(graph: ProjectGraph, name: string): Relation {
  const found = graph.resolver.findRef(name);
  if (!found?.relation) throw graph.resolver.refNotFound(name, { who: 'a hook' });
  return new Relation(found.relation.schema, found.relation.identifier);
}

export function plainSource(graph: ProjectGraph, sourceName: string, tableName: string): Relation {
  const found = graph.resolver.source(sourceName, tableName, { who: 'a hook' });
  return new Relation(found.relation!.schema, found.relation!.identifier);
}

function renderingScope(
  run: RunScope,
  model: RecordedModel,
  thisRelation: Relation,
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
    this: thisRelation,
    model: modelContext(model.file, config, run.projectName ?? ''),
  };
  return { ...scope, builtins: { ref: scope.ref, source: scope.source, config: scope.config } };
}
