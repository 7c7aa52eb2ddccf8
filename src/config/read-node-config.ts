import { DBT_UNAPPLIED_CONFIG_KEYS } from './dbt/dbt-project-keys.js';
import type { NodeConfig } from './project-config.js';
import type { YamlValue } from './yaml-value.js';

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'materialized_view'] as const;
export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert', 'microbatch'] as const;
export const ON_SCHEMA_CHANGE = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;
export const BATCH_SIZES = ['hour', 'day', 'month'] as const;
export const SEVERITIES = ['error', 'warn'] as const;

type Reader = (value: YamlValue) => unknown;

const string: Reader = (value) => value.string();
const name: Reader = (value) => value.nonEmptyString();
const boolean: Reader = (value) => value.boolean();
const count: Reader = (value) => value.integer(0, 'a non-negative integer');
const mapping: Reader = (value) => (value.map() ? value.toJS() : undefined);
// Hooks are SQL templates rendered when they run (they may use {{ this }}), so env_var() is not applied at load.
const hooks: Reader = (value) => value.verbatim().stringList();

/** The config keys trevco knows and how each is validated; any other key is the user's own and kept as written. */
const READERS: Readonly<Record<string, Reader>> = {
  materialized: (value) => value.oneOf(MATERIALIZATIONS),
  schema: name,
  alias: name,
  tags: (value) => value.stringList(),
  enabled: boolean,
  unique_key: (value) => (value.kind === 'list' ? value.stringList() : value.nonEmptyString()),
  incremental_strategy: (value) => value.oneOf(INCREMENTAL_STRATEGIES),
  on_schema_change: (value) => value.oneOf(ON_SCHEMA_CHANGE),
  event_time: name,
  batch_size: (value) => value.oneOf(BATCH_SIZES),
  begin: readBegin,
  lookback: count,
  full_refresh: boolean,
  // dbt compares severity case-insensitively; we store it lower-case so later stages need not.
  severity: (value) => value.oneOf(SEVERITIES, { ignoreCase: true }),
  store_failures: boolean,
  warn_if: string,
  error_if: string,
  where: string,
  limit: count,
  column_types: (value) => value.stringMap(),
  quote_columns: boolean,
  // dbt seeds: the CSV's field separator (one character).
  delimiter: (value) => value.nonEmptyString(),
  persist_docs: mapping,
  'pre-hook': hooks,
  'post-hook': hooks,
  docs: mapping,
  meta: mapping,
  grants: readGrants,
};

/** Known config names, as written in project.yml (`post-hook`) — `pre_hook`/`post_hook` are accepted too. */
export const KNOWN_CONFIG_KEYS: readonly string[] = Object.keys(READERS);

/** `post_hook` (the spelling of `config()` in SQL) → `post-hook` (the spelling of project.yml), as dbt accepts both. */
export function normalizeConfigKey(key: string): string {
  const bare = key.startsWith('+') ? key.slice(1) : key;
  return bare === 'pre_hook' || bare === 'post_hook' ? bare.replace('_', '-') : bare;
}

export function isKnownConfigKey(key: string): boolean {
  return Object.hasOwn(READERS, normalizeConfigKey(key));
}

/**
 * Validates one config entry. Known keys are checked (and `tags`, hooks and grant roles become lists); other keys
 * are kept as plain values. Returns undefined when the value is invalid (reported) or null (null sets nothing).
 */
export function readConfigValue(key: string, value: YamlValue): { key: string; value: unknown } | undefined {
  const normalized = normalizeConfigKey(key);
  if (value.kind === 'null') return undefined;
  const reader = Object.hasOwn(READERS, normalized) ? READERS[normalized]! : (v: YamlValue) => v.toJS();
  const read = reader(value);
  return read === undefined ? undefined : { key: normalized, value: read };
}

/**
 * A `config:` block (of a model or seed in a properties file): every key is config; a leading `+` is tolerated.
 * Returns an empty config when the value is not a mapping (reported).
 */
export function readNodeConfig(value: YamlValue | undefined): NodeConfig {
  const map = value?.map({ allowNull: true });
  if (!map) return {};
  const config: Record<string, unknown> = {};
  for (const entry of map.entries()) {
    const bare = normalizeConfigKey(entry.key);
    if (DBT_UNAPPLIED_CONFIG_KEYS.includes(bare)) entry.keyValue.warn(`${map.childPath(entry.key)}: dbt's '${bare}' config is accepted but trevco does not act on it yet`);
    const read = readConfigValue(entry.key, entry.value);
    if (read) config[read.key] = read.value;
  }
  return config;
}

function readBegin(value: YamlValue): string | undefined {
  const text = value.string();
  if (text === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
  if (iso.test(text.trim()) && !Number.isNaN(Date.parse(text.trim()))) return text.trim();
  value.mustBe("a date or timestamp such as '2024-01-01'", undefined, text);
  return undefined;
}

/** `grants: { select: [reporter, analyst] }`; a single role may be a string. */
function readGrants(value: YamlValue): Record<string, string[]> | undefined {
  const map = value.map();
  if (!map) return undefined;
  const grants: Record<string, string[]> = {};
  let ok = true;
  for (const entry of map.entries()) {
    const roles = entry.value.stringList();
    if (roles === undefined) ok = false;
    else grants[entry.key] = roles;
  }
  return ok ? grants : undefined;
}
