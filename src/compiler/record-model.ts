import type { NodeConfig } from '../config/project-config.js';
import type { ModelFile } from '../project/project.js';
import { stringConfig } from './config-values.js';
import { BATCH_SCOPE } from './microbatch-filter.js';
import { RecordingRelation } from './relation.js';
import type { ParsedTemplate, TemplateEngine, TemplateScope } from './template-engine.js';
import { configFunction } from './dbt/config-function.js';
import { nodeContext } from './dbt/node-naming.js';
import { commonScope, type RunScope } from './template-scope.js';

/** What pass 1 learns from rendering a model with recording functions. */
export interface RecordedModel {
  readonly file: ModelFile;
  readonly parsed: ParsedTemplate;
  readonly refs: string[];
  readonly sources: [string, string][];
  readonly config: NodeConfig;
  /** Pass 1's output, with a token wherever a relation was printed. */
  readonly output: string;
  /** What each token stands for, by index. */
  readonly tokens: readonly RelationToken[];
  /** The template looked inside a relation (`this.schema`, `ref('x').identifier`), so tokens cannot stand in for it. */
  readonly inspectedRelations: boolean;
}

export type RelationToken = { readonly kind: 'ref'; readonly name: string } | { readonly kind: 'source'; readonly source: string; readonly table: string } | { readonly kind: 'this' };

export const RELATION_TOKEN = /__TREVCO_RELATION_(\d+)__/g;

/** Pass 1: renders a model with recording `ref`, `source` and `config`, printing relations as tokens. */
export function recordModel(engine: TemplateEngine, run: RunScope, file: ModelFile, parsed: ParsedTemplate, schemaFor: (config: NodeConfig, name: string, resourceType?: string, path?: string) => string): RecordedModel {
  const refs: string[] = [];
  const sources: [string, string][] = [];
  const config: Record<string, unknown> = {};
  const tokens: RelationToken[] = [];
  let inspectedRelations = false;
  const recorded = (token: RelationToken, schema: string, identifier: string): RecordingRelation =>
    new RecordingRelation(schema, identifier, `__TREVCO_RELATION_${tokens.push(token) - 1}__`, () => {
      inspectedRelations = true;
    });
  const scope: TemplateScope = {
    ...commonScope(run, file.name),
    // ref('package', 'name') is accepted for dbt compatibility; packages are not supported, so the last argument is the name.
    ref: (...args: unknown[]) => {
      const name = String(args.filter((arg) => typeof arg === 'string').at(-1));
      refs.push(name);
      return recorded({ kind: 'ref', name }, run.target.schema, name);
    },
    source: (sourceName: unknown, tableName: unknown) => {
      sources.push([String(sourceName), String(tableName)]);
      return recorded({ kind: 'source', source: String(sourceName), table: String(tableName) }, String(sourceName), String(tableName));
    },
    config: configFunction((written) => Object.assign(config, written), () => ({ ...file.config, ...config })),
    is_incremental: () => false,
    // A microbatch model reads `batch.event_time_start` (only known in pass 2): reading it forces pass 2 to render again.
    batch: {
      get event_time_start() {
        inspectedRelations = true;
        return BATCH_SCOPE.event_time_start;
      },
      get event_time_end() {
        inspectedRelations = true;
        return BATCH_SCOPE.event_time_end;
      },
    },
    this: recorded({ kind: 'this' }, schemaFor(file.config, file.name, 'model', file.path), stringConfig(file.config.alias) ?? file.name),
    model: modelContext(file, { ...file.config }, packageNameOf(run)),
    // dbt's parse phase: macros that query the database hold back until pass 2.
    execute: false,
  };
  scope.builtins = { ref: scope.ref, source: scope.source, config: scope.config };
  const output = engine.render(parsed, scope);
  // A template that looked at `execute` renders differently in pass 2, so pass 1's output cannot stand in for it.
  if (engine.wasRead('execute')) inspectedRelations = true;
  return { file, parsed, refs, sources, config: normaliseConfig(config), output, tokens, inspectedRelations };
}

/** dbt's `model` in a model's context: the node (unique_id, fqn, config, package_name…) and its raw SQL. */
export function modelContext(file: ModelFile, config: NodeConfig, packageName: string): Record<string, unknown> {
  const modelsRoot = file.path.split('/')[0];
  return { ...nodeContext({ name: file.name, resourceType: 'model', packageName, path: file.path, pathRoot: modelsRoot, config }), raw_code: file.rawSql, raw_sql: file.rawSql };
}

function packageNameOf(run: RunScope): string {
  return run.projectName ?? '';
}

function normaliseConfig(config: Record<string, unknown>): NodeConfig {
  if (config.tags !== undefined && !Array.isArray(config.tags)) return { ...config, tags: [String(config.tags)] };
  return config;
}

