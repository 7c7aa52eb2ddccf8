import type { ColumnProperties } from './project-config.js';
import { readConstraints } from './read-constraints.js';
import { readTestEntries } from './read-tests.js';
import type { YamlValue } from './yaml-value.js';

/** dbt's column keys; `meta`, `tags` and `quote` are accepted so dbt properties files load, and not used yet. */
const COLUMN_KEYS = ['name', 'description', 'data_type', 'tests', 'data_tests', 'meta', 'tags', 'quote', 'constraints'];

/** The `columns:` list of a model, seed or source table. */
export function readColumns(value: YamlValue | undefined): ColumnProperties[] {
  const items = value?.list({ allowNull: true }) ?? [];
  const columns: ColumnProperties[] = [];
  for (const item of items) {
    const map = item.map();
    if (!map) continue;
    map.rejectUnknownKeys(COLUMN_KEYS, {}, ['policy_tags', 'granularity']);
    const name = map.required('name')?.nonEmptyString();
    const description = map.get('description')?.string();
    const dataType = map.get('data_type')?.nonEmptyString();
    const { tests, lines } = readTestEntries(map);
    const constraints = readConstraints(map.get('constraints'), 'column');
    if (name === undefined) continue;
    columns.push({
      name,
      ...(description !== undefined && { description }),
      ...(dataType !== undefined && { dataType }),
      ...(tests.length > 0 && { tests, testLines: lines }),
      line: item.position.line,
      ...(constraints !== undefined && { constraints }),
    });
  }
  return columns;
}
