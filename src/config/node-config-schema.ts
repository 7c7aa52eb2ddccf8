import { didYouMean } from '../errors/did-you-mean.js';

/**
 * The one table of node config: every key trevco knows, what it takes, its default, which resource types take it
 * and how folder layers merge it. project.yml folder config, properties `config:` blocks and `{{ config(...) }}`
 * in SQL are all checked against it (YAML at load, config() at compile). Any other key is the user's own (dbt's
 * custom config, read by macros) and kept as written.
 */

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral', 'materialized_view'] as const;
export const INCREMENTAL_STRATEGIES = ['append', 'merge', 'delete+insert', 'microbatch'] as const;
export const ON_SCHEMA_CHANGE = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;
export const BATCH_SIZES = ['hour', 'day', 'month'] as const;
export const SEVERITIES = ['error', 'warn'] as const;
export const INDEX_TYPES = ['btree', 'hash', 'gin', 'brin'] as const;
export const CONSTRAINT_TYPES = ['not_null', 'unique', 'primary_key', 'check', 'foreign_key'] as const;

export type Materialization = (typeof MATERIALIZATIONS)[number];
export type IncrementalStrategy = (typeof INCREMENTAL_STRATEGIES)[number];
export type OnSchemaChange = (typeof ON_SCHEMA_CHANGE)[number];
export type BatchSize = (typeof BATCH_SIZES)[number];
export type ConfigResourceType = 'model' | 'seed' | 'snapshot' | 'test' | 'source';

/** A hook after validation: `transaction: false` runs it outside the node's transaction (before_begin / after_commit). */
export interface Hook {
  readonly sql: string;
  readonly transaction: boolean;
}

export interface IndexConfig {
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly type?: (typeof INDEX_TYPES)[number];
}

/** A value read, or what was expected instead (and a hint). */
export type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly expected: string; readonly hint?: string };
export type ConfigParser = (value: unknown) => Parsed;

export interface ConfigKeySpec {
  /** What the value may be, for messages and the README table. */
  readonly expected: string;
  readonly default?: string;
  readonly resourceTypes: readonly ConfigResourceType[];
  readonly parse: ConfigParser;
  /** Lists add up down the folder tree (tags, hooks); mappings merge key by key (meta, grants); others replace. */
  readonly merge?: 'append' | 'shallow';
  /** Strings are SQL templates rendered later (hooks), so env_var() is not applied at load. */
  readonly verbatim?: boolean;
}

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (expected: string, hint?: string): Parsed => ({ ok: false, expected, hint });

const oneOf = (choices: readonly string[], options: { ignoreCase?: boolean } = {}): ConfigParser => (value) => {
  const expected = `one of ${choices.join(', ')}`;
  if (typeof value !== 'string') return bad(expected);
  const found = choices.find((choice) => (options.ignoreCase ? choice.toLowerCase() === value.toLowerCase() : choice === value));
  if (found !== undefined) return ok(found);
  const near = didYouMean(value, choices);
  return bad(expected, near === undefined ? undefined : `did you mean '${near}'?`);
};
const anyString: ConfigParser = (value) => (typeof value === 'string' ? ok(value) : bad('a string'));
const name: ConfigParser = (value) => (typeof value === 'string' && value.trim() !== '' ? ok(value) : bad('a non-empty string'));
const boolean: ConfigParser = (value) => (typeof value === 'boolean' ? ok(value) : bad('true or false'));
const count: ConfigParser = (value) => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? ok(value) : bad('a non-negative integer'));
const isMapping = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const mapping: ConfigParser = (value) => (isMapping(value) ? ok(value) : bad('a mapping'));
const stringList: ConfigParser = (value) => {
  if (typeof value === 'string') return ok([value]);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return ok(value);
  return bad('a string or a list of strings');
};
const stringMap: ConfigParser = (value) =>
  isMapping(value) && Object.values(value).every((item) => typeof item === 'string') ? ok(value) : bad('a mapping of column names to types');
const uniqueKey: ConfigParser = (value) => {
  if (typeof value === 'string' && value.trim() !== '') return ok(value);
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string' && item !== '')) return ok(value);
  return bad('a column name or a non-empty list of column names');
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const begin: ConfigParser = (value) => {
  if (value instanceof Date) return ok(value.toISOString());
  if (typeof value === 'string' && ISO_DATE.test(value.trim()) && !Number.isNaN(Date.parse(value.trim()))) return ok(value.trim());
  return bad("a date or timestamp such as '2024-01-01'");
};

/** `"sql"`, `{sql, transaction}` (what before_begin()/after_commit() return), or a list of those. */
const hooks: ConfigParser = (value) => {
  const expected = 'SQL text, a { sql, transaction } mapping, or a list of them';
  const items = Array.isArray(value) ? value : [value];
  const read: Hook[] = [];
  for (const item of items) {
    if (typeof item === 'string') read.push({ sql: item, transaction: true });
    // A key present with no value (Jinja's True, unknown to the template engine, renders as undefined) is an error, not the default.
    else if (isMapping(item) && typeof item.sql === 'string' && (!('transaction' in item) || typeof item.transaction === 'boolean')
      && Object.keys(item).every((key) => key === 'sql' || key === 'transaction')) {
      read.push({ sql: item.sql, transaction: item.transaction !== false });
    } else return bad(expected);
  }
  return ok(read);
};

/** `grants: { select: [reporter, analyst] }`; a single role may be a string. */
const grants: ConfigParser = (value) => {
  const expected = 'a mapping of privilege to a role or a list of roles';
  if (!isMapping(value)) return bad(expected);
  const read: Record<string, string[]> = {};
  for (const [privilege, roles] of Object.entries(value)) {
    if (!/^[a-z ]+$/i.test(privilege)) return bad(expected, `'${privilege}' is not a privilege (select, insert, update, delete, truncate, references, trigger)`);
    const list = typeof roles === 'string' ? [roles] : roles;
    if (!Array.isArray(list) || !list.every((role) => typeof role === 'string' && role !== '')) return bad(expected);
    read[privilege.toLowerCase()] = list as string[];
  }
  return ok(read);
};

const indexes: ConfigParser = (value) => {
  const expected = `a list of { columns: [...], unique: true|false, type: ${INDEX_TYPES.join('|')} }`;
  if (!Array.isArray(value)) return bad(expected);
  const read: IndexConfig[] = [];
  for (const item of value) {
    if (!isMapping(item) || !Object.keys(item).every((key) => ['columns', 'unique', 'type'].includes(key))) return bad(expected);
    const columns = typeof item.columns === 'string' ? [item.columns] : item.columns;
    if (!Array.isArray(columns) || columns.length === 0 || !columns.every((column) => typeof column === 'string' && column !== '')) return bad(expected, 'each index needs columns: [a, b]');
    if ('unique' in item && typeof item.unique !== 'boolean') return bad(expected, 'unique must be true or false');
    if ('type' in item && !(INDEX_TYPES as readonly unknown[]).includes(item.type)) return bad(expected, `type must be one of ${INDEX_TYPES.join(', ')}`);
    read.push({ columns: columns as string[], unique: item.unique === true, ...(item.type !== undefined && { type: item.type as IndexConfig['type'] }) });
  }
  return ok(read);
};

const flags = (keys: readonly string[]): ConfigParser => (value) => {
  const expected = `a mapping of ${keys.join(', ')} to true or false`;
  if (!isMapping(value)) return bad(expected);
  for (const [key, flag] of Object.entries(value)) {
    if (!keys.includes(key)) return bad(expected, didYouMean(key, keys) ? `did you mean '${didYouMean(key, keys)}'?` : undefined);
    if (typeof flag !== 'boolean') return bad(expected);
  }
  return ok(value);
};

const MODEL: readonly ConfigResourceType[] = ['model'];
const BUILT: readonly ConfigResourceType[] = ['model', 'seed', 'snapshot'];
const ALL: readonly ConfigResourceType[] = ['model', 'seed', 'snapshot', 'test', 'source'];
const TEST: readonly ConfigResourceType[] = ['test'];

export const NODE_CONFIG_SCHEMA: Readonly<Record<string, ConfigKeySpec>> = {
  materialized: { expected: `one of ${MATERIALIZATIONS.join(', ')}`, default: 'view', resourceTypes: MODEL, parse: oneOf(MATERIALIZATIONS) },
  schema: { expected: 'a non-empty string', default: "the target's schema", resourceTypes: ['model', 'seed', 'snapshot', 'test'], parse: name },
  alias: { expected: 'a non-empty string', default: 'the node name', resourceTypes: ['model', 'seed', 'snapshot', 'test'], parse: name },
  tags: { expected: 'a string or a list of strings', default: '[]', resourceTypes: ALL, parse: stringList, merge: 'append' },
  enabled: { expected: 'true or false', default: 'true', resourceTypes: ALL, parse: boolean },
  unique_key: { expected: 'a column name or a list of column names', resourceTypes: ['model', 'snapshot'], parse: uniqueKey },
  incremental_strategy: { expected: `one of ${INCREMENTAL_STRATEGIES.join(', ')}`, default: 'merge with a unique_key, else append', resourceTypes: MODEL, parse: oneOf(INCREMENTAL_STRATEGIES) },
  on_schema_change: { expected: `one of ${ON_SCHEMA_CHANGE.join(', ')}`, default: 'ignore', resourceTypes: MODEL, parse: oneOf(ON_SCHEMA_CHANGE) },
  event_time: { expected: 'a column name', resourceTypes: ['model', 'seed', 'snapshot', 'source'], parse: name },
  batch_size: { expected: `one of ${BATCH_SIZES.join(', ')}`, default: 'day', resourceTypes: MODEL, parse: oneOf(BATCH_SIZES) },
  begin: { expected: "a date or timestamp such as '2024-01-01'", resourceTypes: MODEL, parse: begin },
  lookback: { expected: 'a non-negative integer', default: '1', resourceTypes: MODEL, parse: count },
  rebuild_stale_batches: { expected: 'true or false', default: 'true', resourceTypes: MODEL, parse: boolean },
  detect_moved_rows: { expected: 'true or false', default: 'true', resourceTypes: MODEL, parse: boolean },
  // Not for seeds yet: a seed is reloaded in full on every load, so full_refresh: false could not be honoured.
  full_refresh: { expected: 'true or false', default: 'unset (follows --full-refresh)', resourceTypes: MODEL, parse: boolean },
  severity: { expected: `one of ${SEVERITIES.join(', ')}`, default: 'error', resourceTypes: TEST, parse: oneOf(SEVERITIES, { ignoreCase: true }) },
  store_failures: { expected: 'true or false', default: 'false', resourceTypes: TEST, parse: boolean },
  warn_if: { expected: 'a string', default: "'!=0'", resourceTypes: TEST, parse: anyString },
  error_if: { expected: 'a string', default: "'!=0'", resourceTypes: TEST, parse: anyString },
  where: { expected: 'a string', resourceTypes: TEST, parse: anyString },
  limit: { expected: 'a non-negative integer', resourceTypes: TEST, parse: count },
  column_types: { expected: 'a mapping of column names to types', resourceTypes: ['seed', 'source'], parse: stringMap, merge: 'shallow' },
  // false is applied by checking that no header name would change unquoted (trevco always quotes; see api/run-seed.ts).
  quote_columns: { expected: 'true or false', default: 'true', resourceTypes: ['seed'], parse: boolean },
  persist_docs: { expected: 'a mapping of relation, columns to true or false', default: '{}', resourceTypes: BUILT, parse: flags(['relation', 'columns']), merge: 'shallow' },
  'pre-hook': { expected: 'SQL text or a list', default: '[]', resourceTypes: BUILT, parse: hooks, merge: 'append', verbatim: true },
  'post-hook': { expected: 'SQL text or a list', default: '[]', resourceTypes: BUILT, parse: hooks, merge: 'append', verbatim: true },
  docs: { expected: 'a mapping of show, node_color', default: '{ show: true }', resourceTypes: ALL, parse: mapping, merge: 'shallow' },
  meta: { expected: 'a mapping', default: '{}', resourceTypes: ALL, parse: mapping, merge: 'shallow' },
  grants: { expected: 'a mapping of privilege to roles', default: '{}', resourceTypes: BUILT, parse: grants, merge: 'shallow' },
  indexes: { expected: 'a list of { columns, unique, type }', default: '[]', resourceTypes: ['model', 'seed', 'snapshot'], parse: indexes },
  contract: { expected: 'a mapping of enforced to true or false', default: '{ enforced: false }', resourceTypes: MODEL, parse: flags(['enforced']), merge: 'shallow' },
};

/** Known config names, as written in project.yml (`post-hook`) — `pre_hook`/`post_hook` are accepted too. */
export const KNOWN_CONFIG_KEYS: readonly string[] = Object.keys(NODE_CONFIG_SCHEMA);

/** `post_hook` (the spelling of `config()` in SQL) → `post-hook` (the spelling of project.yml), as dbt accepts both. */
export function normalizeConfigKey(key: string): string {
  const bare = key.startsWith('+') ? key.slice(1) : key;
  return bare === 'pre_hook' || bare === 'post_hook' ? bare.replace('_', '-') : bare;
}

export function configKeySpec(key: string): ConfigKeySpec | undefined {
  const normalized = normalizeConfigKey(key);
  return Object.hasOwn(NODE_CONFIG_SCHEMA, normalized) ? NODE_CONFIG_SCHEMA[normalized] : undefined;
}

/** One problem with one key of a config, before a location is attached. */
export interface ConfigKeyProblem {
  readonly key: string;
  readonly message: string;
  readonly hint?: string;
}

/**
 * Checks a config written as plain values (`{{ config(...) }}`): known keys are parsed (hooks become Hook lists,
 * grant roles lists) and checked for the resource type; `null` sets nothing; other keys are kept as written.
 */
export function validateNodeConfig(raw: Readonly<Record<string, unknown>>, resourceType: ConfigResourceType, nodeName: string): { config: Record<string, unknown>; problems: ConfigKeyProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: ConfigKeyProblem[] = [];
  for (const [rawKey, value] of Object.entries(raw)) {
    const key = normalizeConfigKey(rawKey);
    // null (none) sets nothing; undefined is a name the template does not define (e.g. Python's True): never a default.
    if (value === undefined) {
      problems.push({ key, message: `${resourceType} '${nodeName}' sets ${key} to an undefined value`, hint: 'is it a name the template does not know? Use true, false and none (lower case)' });
      continue;
    }
    if (value === null) continue;
    const spec = configKeySpec(key);
    if (!spec) {
      config[key] = value;
      continue;
    }
    if (!spec.resourceTypes.includes(resourceType)) {
      problems.push({ key, message: `${resourceType} '${nodeName}' sets ${key}, which only applies to ${spec.resourceTypes.map((type) => `${type}s`).join(', ')}` });
      continue;
    }
    const parsed = spec.parse(value);
    if (parsed.ok) config[key] = parsed.value;
    else problems.push({ key, message: `${resourceType} '${nodeName}' has ${key}=${describeValue(value)}; expected ${parsed.expected}`, hint: parsed.hint });
  }
  return { config, problems };
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
