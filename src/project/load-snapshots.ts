import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { mergeNodeConfig } from '../config/merge-node-config.js';
import type { NodeConfig, ProjectConfig } from '../config/project-config.js';
import type { NodeProperties } from '../config/properties.js';
import { ConfigError, ErrorList, type TrevcoError } from '../errors/trevco-error.js';
import type { SnapshotFile } from './project.js';
import { parseSnapshotBlocks } from './snapshot-blocks.js';

export interface SnapshotLoading {
  /** Folder defaults from project.yml `snapshots:` for a file. */
  readonly folderConfig: (path: string) => NodeConfig;
  readonly readText: (path: string) => string;
  readonly errors: TrevcoError[];
}

const RELATION = /^\s*(ref|source)\s*\(.*\)\s*$/s;

/**
 * Snapshots from `{% snapshot %}` blocks of the given SQL files and from YAML entries with `relation:`. Properties
 * (description, config, columns, tests) of a block snapshot come from a YAML entry of the same name without
 * `relation:`. Problems are added to `errors`.
 */
export function loadSnapshots(
  config: ProjectConfig,
  sqlPaths: readonly string[],
  properties: ReadonlyMap<string, NodeProperties>,
  loading: SnapshotLoading,
): SnapshotFile[] {
  const snapshots: SnapshotFile[] = [];
  const make = (name: string, path: string, line: number, rawSql: string, checksum: string, folder: NodeConfig, entry?: NodeProperties): SnapshotFile => ({
    kind: 'snapshot',
    id: `snapshot.${config.name}.${name}`,
    name,
    path,
    absolutePath: join(config.root, path),
    line,
    rawSql,
    checksum,
    config: mergeNodeConfig(folder, entry?.config ?? {}),
    properties: entry,
  });
  for (const path of sqlPaths) {
    const text = loading.readText(path);
    try {
      for (const block of parseSnapshotBlocks(path, text)) {
        const entry = properties.get(block.name);
        if (entry?.relation) {
          loading.errors.push(new ConfigError(`snapshot '${block.name}' is defined twice: in ${path}:${block.line} and with relation: in ${entry.file}:${entry.line}`, {
            file: entry.file,
            line: entry.relation.line,
            hint: 'keep one definition: the {% snapshot %} block, or the YAML entry with relation:',
          }));
          continue;
        }
        snapshots.push(make(block.name, path, block.line, block.body, sha256(block.body), loading.folderConfig(path), entry));
      }
    } catch (error) {
      if (error instanceof ConfigError) loading.errors.push(error);
      else if (error instanceof ErrorList) loading.errors.push(...error.errors);
      else throw error;
    }
  }
  const fromBlocks = new Set(snapshots.map((snapshot) => snapshot.name));
  for (const entry of properties.values()) {
    if (fromBlocks.has(entry.name)) continue;
    if (!entry.relation) {
      loading.errors.push(new ConfigError(`properties for snapshot '${entry.name}', but there is no snapshot of that name`, {
        file: entry.file,
        line: entry.line,
        hint: `add relation: ref('model') or source('source', 'table') to declare it here, or a {% snapshot ${entry.name} %} block under ${config.paths.snapshots}/`,
      }));
      continue;
    }
    if (!RELATION.test(entry.relation.text)) {
      loading.errors.push(new ConfigError(`snapshot '${entry.name}': relation must be ref('…') or source('…', '…'), found '${entry.relation.text}'`, {
        file: entry.file,
        line: entry.relation.line,
        hint: "e.g. relation: source('raw', 'customers')",
      }));
      continue;
    }
    // The query sits on the relation's line, so a template error there points at it.
    const rawSql = `${'\n'.repeat(entry.relation.line - 1)}select * from {{ ${entry.relation.text.trim()} }}`;
    snapshots.push(make(entry.name, entry.file, entry.line, rawSql, sha256(rawSql), loading.folderConfig(entry.file), entry));
  }
  return snapshots.sort((a, b) => a.name.localeCompare(b.name));
}

function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}
