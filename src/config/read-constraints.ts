import { CONSTRAINT_TYPES } from './node-config-schema.js';
import type { ConstraintConfig } from './project-config.js';
import type { YamlValue } from './yaml-value.js';

/**
 * `constraints:` of a column (`[{ type: not_null }, { type: check, expression: "amount >= 0" }]`) or of a model
 * (then `columns: [a, b]` says which columns a primary key, unique or foreign key covers).
 */
export function readConstraints(value: YamlValue | undefined, level: 'column' | 'model'): ConstraintConfig[] | undefined {
  if (value === undefined || value.kind === 'null') return undefined;
  const constraints: ConstraintConfig[] = [];
  for (const item of value.list() ?? []) {
    const map = item.map();
    if (!map) continue;
    map.rejectUnknownKeys(['type', 'expression', 'columns', 'name', 'warn_unenforced', 'warn_unsupported']);
    const type = map.required('type')?.oneOf(CONSTRAINT_TYPES);
    const expression = map.get('expression')?.string();
    const columns = map.get('columns')?.stringList();
    const name = map.get('name')?.nonEmptyString();
    if (type === undefined) continue;
    if ((type === 'check' || type === 'foreign_key') && expression === undefined) {
      item.error(`${item.label}: a ${type} constraint needs expression`, type === 'check' ? "e.g. expression: 'amount >= 0'" : "e.g. expression: 'marts.dim_customer (customer_key)'");
      continue;
    }
    if (level === 'model' && type !== 'check' && (columns === undefined || columns.length === 0)) {
      item.error(`${item.label}: a model-level ${type} constraint needs columns: [...]`);
      continue;
    }
    if (level === 'column' && columns !== undefined) {
      item.error(`${item.label}: columns: belongs to model-level constraints; a column constraint covers its own column`);
      continue;
    }
    constraints.push({ type, ...(expression !== undefined && { expression }), ...(columns !== undefined && { columns }), ...(name !== undefined && { name }) });
  }
  return constraints;
}
