import { NODE_CONFIG_SCHEMA } from './node-config-schema.js';
import type { NodeConfig } from './project-config.js';

/**
 * Merges `override` onto `base` with dbt's rules, as the node-config schema says for each key: a value in
 * `override` wins, except that `tags` and hooks are appended (tags without duplicates) and `meta`, `docs`,
 * `persist_docs`, `column_types`, `grants` and `contract` are merged shallowly. Used for folder defaults here and,
 * by later stages, for properties files and `config()`.
 */
export function mergeNodeConfig(base: NodeConfig, override: NodeConfig): NodeConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const previous = merged[key];
    const rule = Object.hasOwn(NODE_CONFIG_SCHEMA, key) ? NODE_CONFIG_SCHEMA[key]!.merge : undefined;
    if (rule === 'append' && Array.isArray(previous) && Array.isArray(value)) {
      const combined = [...previous, ...value];
      merged[key] = key === 'tags' ? [...new Set(combined)] : combined;
    } else if (rule === 'shallow' && isPlainObject(previous) && isPlainObject(value)) {
      merged[key] = { ...previous, ...value };
    } else {
      merged[key] = value;
    }
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
