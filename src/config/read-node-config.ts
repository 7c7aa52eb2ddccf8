import { DBT_UNAPPLIED_CONFIG_KEYS } from './dbt/dbt-project-keys.js';
import { configKeySpec, normalizeConfigKey, type ConfigResourceType } from './node-config-schema.js';
import type { NodeConfig } from './project-config.js';
import type { YamlValue } from './yaml-value.js';

export { KNOWN_CONFIG_KEYS, normalizeConfigKey } from './node-config-schema.js';
export { MATERIALIZATIONS, INCREMENTAL_STRATEGIES, ON_SCHEMA_CHANGE, BATCH_SIZES, SEVERITIES } from './node-config-schema.js';

export function isKnownConfigKey(key: string): boolean {
  return configKeySpec(key) !== undefined;
}

/**
 * Validates one config entry against the node-config schema (node-config-schema.ts). Known keys are checked
 * (and `tags`, hooks and grant roles become lists); other keys are kept as plain values. Returns undefined when
 * the value is invalid (reported at its YAML position) or null (null sets nothing).
 */
export function readConfigValue(key: string, value: YamlValue): { key: string; value: unknown } | undefined {
  const normalized = normalizeConfigKey(key);
  if (value.kind === 'null') return undefined;
  const spec = configKeySpec(normalized);
  if (!spec) return { key: normalized, value: value.toJS() };
  // A list of strings is read item by item, so a bad item is reported at its own path (`tags[1]`); booleans and
  // counts through YamlValue, which lets a rendered env_var() ("true", "8") stand for one.
  if (spec.expected === 'a string or a list of strings') return wrap(normalized, value.stringList());
  if (spec.expected === 'true or false') return wrap(normalized, value.boolean());
  if (spec.expected === 'a non-negative integer') return wrap(normalized, value.integer(0, 'a non-negative integer'));
  const plain = (spec.verbatim ? value.verbatim() : value).toJS();
  const parsed = spec.parse(plain);
  if (parsed.ok) return { key: normalized, value: parsed.value };
  value.mustBe(parsed.expected, parsed.hint, typeof plain === 'object' && plain !== null ? undefined : plain);
  return undefined;
}

function wrap(key: string, value: unknown): { key: string; value: unknown } | undefined {
  return value === undefined ? undefined : { key, value };
}

/**
 * A `config:` block (of a model or seed in a properties file): every key is config; a leading `+` is tolerated.
 * Returns an empty config when the value is not a mapping (reported).
 */
export function readNodeConfig(value: YamlValue | undefined, resourceType?: ConfigResourceType): NodeConfig {
  const map = value?.map({ allowNull: true });
  if (!map) return {};
  const config: Record<string, unknown> = {};
  for (const entry of map.entries()) {
    const bare = normalizeConfigKey(entry.key);
    if (DBT_UNAPPLIED_CONFIG_KEYS.includes(bare)) entry.keyValue.warn(`${map.childPath(entry.key)}: dbt's '${bare}' config is accepted but trevco does not act on it yet`);
    const spec = configKeySpec(entry.key);
    if (resourceType && spec && !spec.resourceTypes.includes(resourceType)) {
      entry.keyValue.error(`${map.childPath(entry.key)}: ${normalizeConfigKey(entry.key)} does not apply to ${resourceType}s (only to ${spec.resourceTypes.map((type) => `${type}s`).join(', ')})`);
      continue;
    }
    const read = readConfigValue(entry.key, entry.value);
    if (read) config[read.key] = read.value;
  }
  return config;
}
