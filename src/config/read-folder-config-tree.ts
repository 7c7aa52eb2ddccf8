import { didYouMean } from '../errors/did-you-mean.js';
import { mergeNodeConfig } from './merge-node-config.js';
import type { FolderConfigTree } from './project-config.js';
import { configKeySpec, normalizeConfigKey, type ConfigResourceType } from './node-config-schema.js';
import { KNOWN_CONFIG_KEYS, isKnownConfigKey, readConfigValue } from './read-node-config.js';
import type { YamlMap, YamlValue } from './yaml-value.js';

export const EMPTY_FOLDER_CONFIG_TREE: FolderConfigTree = { config: {}, children: new Map() };

/**
 * Reads `models:`, `seeds:` or `tests:` of project.yml, dbt style: `+key` and known config keys are config for the
 * folder; any other key holding a mapping is a subfolder. A top-level key equal to the project name is transparent,
 * as in dbt, where folder config is written under the project's name.
 */
export function readFolderConfigTree(value: YamlValue | undefined, projectName: string | undefined, resourceType?: ConfigResourceType, tolerated: readonly string[] = []): FolderConfigTree {
  const map = value?.map({ allowNull: true });
  return map ? readLevel(map, projectName, resourceType, tolerated) : EMPTY_FOLDER_CONFIG_TREE;
}

/** `tolerated`: config keys dbt knows that trevco does not act on (dbt projects): kept, with one warning each. */
function readLevel(map: YamlMap, projectName: string | undefined, resourceType: ConfigResourceType | undefined, tolerated: readonly string[]): FolderConfigTree {
  const config: Record<string, unknown> = {};
  const children = new Map<string, FolderConfigTree>();
  let projectLevel: FolderConfigTree | undefined;
  for (const { key, keyValue, value } of map.entries()) {
    const bare = key.replace(/^\+/, '');
    if (tolerated.includes(bare)) {
      keyValue.warn(`${map.childPath(key)}: dbt's '${bare}' config is accepted but trevco does not act on it yet`);
      if (value.kind !== 'null') config[bare] = value.toJS();
    } else if (key.startsWith('+') || isKnownConfigKey(key)) {
      const spec = configKeySpec(key);
      // A key another resource type takes would be accepted here and never applied: say so.
      if (resourceType && spec && !spec.resourceTypes.includes(resourceType)) {
        keyValue.error(`${map.childPath(key)}: ${normalizeConfigKey(key)} does not apply to ${resourceType}s (only to ${spec.resourceTypes.map((type) => `${type}s`).join(', ')})`);
        continue;
      }
      const read = readConfigValue(key, value);
      if (read) config[read.key] = read.value;
    } else if (value.kind === 'map' || value.kind === 'null') {
      const child = readLevel(value.map({ allowNull: true })!, undefined, resourceType, tolerated);
      if (key === projectName) projectLevel = child;
      else children.set(key, child);
    } else {
      // dbt would silently take this as a custom config; a typo such as `materialzed: table` deserves an error.
      const near = didYouMean(key, KNOWN_CONFIG_KEYS);
      keyValue.error(
        `${map.childPath(key)} is not a known config key`,
        near !== undefined
          ? `did you mean '+${near}'?`
          : `write your own config keys with a '+' ('+${key}'); a subfolder's entry is a mapping`,
      );
    }
  }
  const level: FolderConfigTree = { config, children };
  return projectLevel ? mergeTrees(level, projectLevel) : level;
}

/** `b` laid over `a`: used to fold the project-name level into the root. */
function mergeTrees(a: FolderConfigTree, b: FolderConfigTree): FolderConfigTree {
  const children = new Map(a.children);
  for (const [name, child] of b.children) {
    const existing = children.get(name);
    children.set(name, existing ? mergeTrees(existing, child) : child);
  }
  return { config: mergeNodeConfig(a.config, b.config), children };
}
