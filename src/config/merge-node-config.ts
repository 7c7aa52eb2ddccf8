import type { NodeConfig } from './project-config.js';

/** Keys whose lists add up down the folder tree instead of replacing each other, as in dbt. */
const APPENDED = new Set(['tags', 'pre-hook', 'post-hook']);
/** Keys whose mappings are merged one level deep (a deeper folder adds or replaces single entries). */
const MERGED = new Set(['meta', 'docs', 'persist_docs', 'column_types', 'grants']);

/**
 * Merges `override` onto `base` with dbt's rules: a value in `override` wins, except that `tags` and hooks are
 * appended (tags without duplicates) and `meta`, `docs`, `persist_docs`, `column_types` and `grants` are merged
 * shallowly. Used for folder defaults here and, by later stages, for properties files and `config()`.
 */
export function mergeNodeConfig(base: NodeConfig, override: NodeConfig): NodeConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    const previous = merged[key];
    if (APPENDED.has(key) && Array.isArray(previous) && Array.isArray(value)) {
      const combined = [...previous, ...value];
      merged[key] = key === 'tags' ? [...new Set(combined)] : combined;
    } else if (MERGED.has(key) && isPlainObject(previous) && isPlainObject(value)) {
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
