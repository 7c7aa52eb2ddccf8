import { mergeNodeConfig } from '../config/merge-node-config.js';
import type { NodeConfig } from '../config/project-config.js';
import { ConfigError, type TrevcoError } from '../errors/trevco-error.js';
import { SNAPSHOT_CONFIG_KEYS, validateSnapshotConfig } from '../materializations/snapshot/snapshot-config.js';
import type { ModelFile, SnapshotFile } from '../project/project.js';
import type { CompiledModel, CompiledSnapshot, RelationName } from './compiled-project.js';
import { stringConfig } from './config-values.js';
import type { RecordedModel } from './record-model.js';

export function isSnapshotFile(file: ModelFile | SnapshotFile | { readonly path: string }): file is SnapshotFile {
  return (file as Partial<SnapshotFile>).kind === 'snapshot';
}

/**
 * Where a snapshot is built. dbt's legacy `target_schema` is used exactly as written; `schema` goes through
 * `generate_schema_name` like a model's (dbt 1.9); without either, the target's schema.
 */
export function snapshotRelation(config: NodeConfig, name: string, schemaFor: (config: NodeConfig, name: string) => string): RelationName {
  const targetSchema = stringConfig(config.target_schema);
  return { schema: targetSchema ?? schemaFor(config, name), identifier: stringConfig(config.alias) ?? name };
}

/**
 * A compiled snapshot from the model compilation of its query, with its config validated: every problem is an
 * error pointing at the `config(…)` call that set the key, else the YAML entry, else the snapshot block.
 */
export function toCompiledSnapshot(model: CompiledModel, recorded: RecordedModel, errors: TrevcoError[]): CompiledSnapshot | undefined {
  const file = recorded.file as SnapshotFile;
  const written = mergeNodeConfig(file.config, recorded.config);
  const { config, problems } = validateSnapshotConfig(written);
  for (const problem of problems) {
    const where = problemLocation(file, recorded.config, problem.key);
    errors.push(new ConfigError(`snapshot '${file.name}': ${problem.message}`, { ...where, nodeId: file.id, hint: problem.hint }));
  }
  if (!config) return undefined;
  const { incrementalSql: _unused, ...rest } = model;
  const configLocations = Object.fromEntries(SNAPSHOT_CONFIG_KEYS.map((key) => {
    const { source: _source, ...where } = problemLocation(file, recorded.config, key);
    return [key, where];
  }));
  return { ...rest, resourceType: 'snapshot', materialized: 'snapshot', relation: model.relation!, snapshot: config, configLocations };
}

function problemLocation(file: SnapshotFile, sqlConfig: NodeConfig, key: string): { file: string; line?: number; column?: number; source?: string } {
  const yaml = file.properties && { file: file.properties.file, line: file.properties.line };
  const call = file.path.endsWith('.sql') ? /\bconfig\s*\(/.exec(file.rawSql) : null;
  const atCall = call && (() => {
    const lines = file.rawSql.slice(0, call.index).split('\n');
    return { file: file.path, line: lines.length, column: lines[lines.length - 1]!.length + 1, source: file.rawSql };
  })();
  if (sqlConfig[key] !== undefined && atCall) return atCall;
  if (file.properties?.config[key] !== undefined && yaml) return yaml;
  // A missing key: where the snapshot's config is written (its config() call, else its YAML entry, else its block).
  return atCall ?? yaml ?? { file: file.path, line: file.line };
}
