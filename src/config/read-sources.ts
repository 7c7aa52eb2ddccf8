import type { SourceConfig, SourceTableConfig } from './project-config.js';
import { readColumns } from './read-columns.js';
import { readFreshness, type FreshnessConfig } from './read-freshness.js';
import { readTestEntries } from './read-tests.js';
import type { YamlMap, YamlValue } from './yaml-value.js';

/** `meta` and `loader` are dbt keys accepted so dbt properties files load; trevco does not use them. */
const SOURCE_KEYS = ['schema', 'description', 'tags', 'tables', 'meta', 'loader', 'freshness', 'loaded_at_field'];
/** trevco's loading extras; on a table itself, or under its `config:` or `meta:`. */
const TABLE_EXTRAS = ['csv', 'ddl', 'cdc_column', 'primary_key', 'event_time', 'column_types', 'allow_empty'];
const TABLE_KEYS = [
  ...['identifier', 'description', 'columns', 'tests', 'data_tests', 'tags', 'meta', 'config', 'freshness', 'loaded_at_field'],
  ...TABLE_EXTRAS,
];
const TABLE_CONFIG_KEYS = ['enabled', 'tags', 'meta', 'freshness', 'loaded_at_field', ...TABLE_EXTRAS];
/** dbt source keys trevco accepts without acting on them yet (one warning line each). */
const TOLERATED_SOURCE_KEYS = ['database', 'quoting', 'overrides', 'config'];
const TOLERATED_TABLE_KEYS = ['external', 'quoting', 'loader', 'database'];

/** A named mapping, from either form: `{ raw: {...} }` (project.yml) or `[{ name: raw, ... }]` (dbt's list form). */
interface NamedEntry {
  readonly name: string;
  readonly map: YamlMap;
  readonly line: number;
  /** In the list form, `name` is one of the mapping's keys. */
  readonly listForm: boolean;
}

/**
 * `sources:` in either form — the map form of project.yml or dbt's list form of properties files (both are accepted
 * in both places). `file` is recorded as `declaredIn`.
 */
export function readSources(value: YamlValue | undefined, file: string): SourceConfig[] {
  const sources: SourceConfig[] = [];
  for (const entry of namedEntries(value, 'source')) {
    const { map, name } = entry;
    map.rejectUnknownKeys(entry.listForm ? ['name', ...SOURCE_KEYS] : SOURCE_KEYS, {}, TOLERATED_SOURCE_KEYS);
    const schema = map.get('schema')?.nonEmptyString() ?? name;
    const description = map.get('description')?.string();
    const tags = map.get('tags')?.stringList() ?? [];
    // dbt: a source's freshness and loaded_at_field are its tables' defaults.
    const inherited = { freshness: readFreshness(map.get('freshness')), loadedAtField: map.get('loaded_at_field')?.nonEmptyString() };
    const tables: SourceTableConfig[] = [];
    for (const table of namedEntries(map.get('tables'), 'table')) {
      if (tables.some((t) => t.name === table.name)) {
        table.map.value.error(`${table.map.path} declares table '${table.name}' of source '${name}' a second time`);
        continue;
      }
      const read = readTable(table, tags, file, inherited);
      if (read) tables.push(read);
    }
    sources.push({
      name,
      schema,
      ...(description !== undefined && { description }),
      tables,
      tags,
      declaredIn: file,
      line: entry.line,
    });
  }
  return sources;
}

function readTable(entry: NamedEntry, sourceTags: readonly string[], file: string, inherited: { freshness?: FreshnessConfig | null; loadedAtField?: string }): SourceTableConfig | undefined {
  const { map, name } = entry;
  map.rejectUnknownKeys(entry.listForm ? ['name', ...TABLE_KEYS] : TABLE_KEYS, {}, TOLERATED_TABLE_KEYS);
  const config = map.get('config')?.map({ allowNull: true });
  config?.rejectUnknownKeys(TABLE_CONFIG_KEYS, {}, TOLERATED_TABLE_KEYS);
  const meta = map.get('meta')?.map({ allowNull: true });
  // On the table itself wins over config:, which wins over meta: (where other, unrelated keys are left alone).
  const extra = (key: string): YamlValue | undefined => map.get(key) ?? config?.get(key) ?? meta?.get(key);

  const identifier = map.get('identifier')?.nonEmptyString() ?? name;
  const description = map.get('description')?.string();
  const csv = extra('csv')?.nonEmptyString();
  const ddl = extra('ddl')?.nonEmptyString();
  const cdcColumn = extra('cdc_column')?.nonEmptyString();
  const primaryKey = extra('primary_key')?.stringList();
  const eventTime = extra('event_time')?.nonEmptyString();
  const columnTypes = extra('column_types')?.stringMap();
  const allowEmpty = extra('allow_empty')?.boolean();
  const columns = readColumns(map.get('columns'));
  const { tests, lines: testLines } = readTestEntries(map);
  // As dbt does, a table carries its source's tags as well as its own.
  const tags = [
    ...new Set([...sourceTags, ...(map.get('tags')?.stringList() ?? []), ...(config?.get('tags')?.stringList() ?? [])]),
  ];
  if (config?.get('enabled')?.boolean() === false) return undefined;
  const ownFreshness = readFreshness(map.get('freshness') ?? config?.get('freshness'));
  const freshness = ownFreshness === undefined ? inherited.freshness : ownFreshness;
  const loadedAtField = (map.get('loaded_at_field') ?? config?.get('loaded_at_field'))?.nonEmptyString() ?? inherited.loadedAtField;
  return {
    ...(freshness && { freshness }),
    ...(loadedAtField !== undefined && { loadedAtField }),
    name,
    identifier,
    ...(description !== undefined && { description }),
    ...(csv !== undefined && { csv }),
    ...(ddl !== undefined && { ddl }),
    ...(cdcColumn !== undefined && { cdcColumn }),
    ...(primaryKey !== undefined && { primaryKey }),
    ...(eventTime !== undefined && { eventTime }),
    ...(columnTypes !== undefined && { columnTypes }),
    ...(allowEmpty !== undefined && { allowEmpty }),
    ...(columns.length > 0 && { columns }),
    ...(tests.length > 0 && { tests, testLines }),
    tags,
    declaredIn: file,
    line: entry.line,
  };
}

/** Entries of a `{ name: {...} }` mapping or a `[{ name: ..., ... }]` list; `what` names one in messages. */
function namedEntries(value: YamlValue | undefined, what: string): NamedEntry[] {
  if (!value || value.kind === 'null') return [];
  if (value.kind === 'map') {
    return value.map()!.entries().flatMap(({ key, keyValue, value: body }) => {
      const map = body.map({ allowNull: true });
      return map ? [{ name: key, map, line: keyValue.position.line, listForm: false }] : [];
    });
  }
  if (value.kind === 'list') {
    return (value.list() ?? []).flatMap((item) => {
      const map = item.map();
      const name = map?.required('name', `every ${what} needs a name`)?.nonEmptyString();
      return map && name !== undefined ? [{ name, map, line: item.position.line, listForm: true }] : [];
    });
  }
  value.mustBe(`a mapping or a list of ${what}s`);
  return [];
}
