import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ErrorList } from '../errors/trevco-error.js';
import { ConfigProblems } from './config-problems.js';
import { mergeNodeConfig } from './merge-node-config.js';
import { parseYaml } from './parse-yaml.js';
import type { NodeConfig, SourceConfig } from './project-config.js';
import type { NodeProperties, PropertiesFile } from './properties.js';
import { readColumns } from './read-columns.js';
import { readConstraints } from './read-constraints.js';
import { readConfigValue, readNodeConfig } from './read-node-config.js';
import { readSources } from './read-sources.js';
import { readTestEntries } from './read-tests.js';
import type { YamlValue } from './yaml-value.js';

const TOP_LEVEL_KEYS = ['version', 'models', 'seeds', 'snapshots', 'sources'];
/** `meta` and `docs` beside `config` are dbt's older spelling of `config: { meta, docs }`. */
const NODE_KEYS = ['name', 'description', 'config', 'columns', 'tests', 'data_tests', 'meta', 'docs', 'constraints'];
/** dbt node keys trevco accepts without acting on them (one warning line each). */
const TOLERATED_NODE_KEYS = ['access', 'versions', 'latest_version', 'group', 'deprecation_date', 'time_spine', 'freshness'];
/** dbt's top-level keys trevco accepts without acting on them (one warning line each). */
const UNSUPPORTED_DBT_KEYS = [
  'exposures',
  'metrics',
  'macros',
  'analyses',
  'semantic_models',
  'saved_queries',
  'unit_tests',
  'groups',
];

/**
 * Reads one dbt-style properties YAML file (`models/staging/schema.yml`): `models:`, `seeds:` and `sources:` lists.
 * `relativePath` is relative to `root` and is what errors and the returned entries name. Entries are not merged
 * with anything here; the project loader lays them over folder defaults. Every problem is reported together.
 */
export function loadPropertiesFile(root: string, relativePath: string): PropertiesFile {
  const file = relativePath.replace(/\\/g, '/');
  let source: string;
  try {
    source = readFileSync(path.resolve(root, relativePath), 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`, { file, cause: error });
  }
  const problems = new ConfigProblems(file);
  const warnings = (): readonly string[] => problems.warnings;
  // No env_var() here: like dbt's, properties files are not rendered at load; test arguments are templates for later.
  const map = parseYaml(source, problems)?.map({ allowNull: true });
  let models: NodeProperties[] = [];
  let seeds: NodeProperties[] = [];
  let snapshots: NodeProperties[] = [];
  let sources: SourceConfig[] = [];
  if (map) {
    map.rejectUnknownKeys(TOP_LEVEL_KEYS, {}, UNSUPPORTED_DBT_KEYS);
    const version = map.get('version');
    if (version && version.kind !== 'null' && String(version.toJS()) !== '2') version.mustBe('2');
    models = readNodeEntries(map.get('models'), file, 'model');
    seeds = readNodeEntries(map.get('seeds'), file, 'seed');
    // dbt 1.9: a snapshot may be declared here alone, with `relation: ref('x')` or `source('s', 't')` as its query.
    snapshots = readNodeEntries(map.get('snapshots'), file, 'snapshot', ['relation']);
    sources = readSources(map.get('sources'), file);
  }
  ErrorList.throwIfAny(problems.toErrors(source));
  return { path: file, models, seeds, snapshots, sources, ...(warnings().length > 0 && { warnings: warnings() }) };
}

function readNodeEntries(value: YamlValue | undefined, file: string, resourceType: 'model' | 'seed' | 'snapshot', extraKeys: readonly string[] = []): NodeProperties[] {
  const entries: NodeProperties[] = [];
  for (const item of value?.list({ allowNull: true }) ?? []) {
    const map = item.map();
    if (!map) continue;
    map.rejectUnknownKeys([...NODE_KEYS, ...extraKeys], {}, TOLERATED_NODE_KEYS);
    const name = map.required('name')?.nonEmptyString();
    const relationValue = extraKeys.includes('relation') ? map.get('relation') : undefined;
    const relation = relationValue?.nonEmptyString();
    const description = map.get('description')?.string();
    const outer: Record<string, unknown> = {};
    for (const key of ['meta', 'docs']) {
      const value = map.get(key);
      const read = value && readConfigValue(key, value);
      if (read) outer[read.key] = read.value;
    }
    // config: wins over the older top-level spelling, key by key for meta and docs.
    const config: NodeConfig = mergeNodeConfig(outer, readNodeConfig(map.get('config'), resourceType));
    const columns = readColumns(map.get('columns'));
    const { tests, lines: testLines } = readTestEntries(map);
    const constraints = readConstraints(map.get('constraints'), 'model');
    if (name === undefined) continue;
    entries.push({
      name,
      ...(description !== undefined && { description }),
      config,
      columns,
      tests,
      ...(tests.length > 0 && { testLines }),
      ...(constraints !== undefined && { constraints }),
      file,
      line: item.position.line,
      ...(relation !== undefined && { relation: { text: relation, line: relationValue!.position.line } }),
    });
  }
  return entries;
}
