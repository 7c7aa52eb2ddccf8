import type { Session } from '../../adapters/adapter.js';
import type { CompiledModel } from '../../compiler/compiled-project.js';
import { TrevcoError, type TrevcoErrorOptions } from '../../errors/trevco-error.js';
import { quoteIdentifier } from '../../sql/quote.js';

import { ON_SCHEMA_CHANGE as ON_SCHEMA_CHANGE_MODES, type OnSchemaChange } from '../../config/node-config-schema.js';

export type { OnSchemaChange };

export interface Column {
  readonly name: string;
  readonly type: string;
}

/** How the incremental SQL's columns differ from the existing table's. */
export interface SchemaDiff {
  readonly added: readonly Column[];
  readonly removed: readonly Column[];
  readonly changed: readonly { readonly name: string; readonly from: string; readonly to: string }[];
}

/** An incremental model's new rows do not fit its table and `on_schema_change` says to stop. A node failure. */
export class SchemaChangeError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('SCHEMA_CHANGE', message, options);
  }

  override get isUsageError(): boolean {
    return false;
  }
}

/** The columns of a relation visible on the session's search path (temporary tables included), in order. */
export async function columnsOf(session: Session, relation: string): Promise<Column[]> {
  const result = await session.query<{ name: string; type: string }>(
    `select a.attname as name, pg_catalog.format_type(a.atttypid, a.atttypmod) as type
     from pg_catalog.pg_attribute a
     where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped
     order by a.attnum`,
    [relation],
  );
  return result.rows;
}

export function diffColumns(existing: readonly Column[], incoming: readonly Column[]): SchemaDiff {
  const before = new Map(existing.map((column) => [column.name, column.type]));
  const after = new Map(incoming.map((column) => [column.name, column.type]));
  return {
    added: incoming.filter((column) => !before.has(column.name)),
    removed: existing.filter((column) => !after.has(column.name)),
    changed: incoming
      .filter((column) => before.has(column.name) && before.get(column.name) !== column.type)
      .map((column) => ({ name: column.name, from: before.get(column.name)!, to: column.type })),
  };
}

export function isEmptyDiff(diff: SchemaDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

export function onSchemaChangeOf(model: CompiledModel): OnSchemaChange {
  const value = model.config.on_schema_change ?? 'ignore';
  if (!(ON_SCHEMA_CHANGE_MODES as readonly unknown[]).includes(value)) {
    throw new SchemaChangeError(`model '${model.name}' has on_schema_change='${String(value)}', which is not one of ${ON_SCHEMA_CHANGE_MODES.join(', ')}`, {
      file: model.path,
      nodeId: model.id,
    });
  }
  return value as OnSchemaChange;
}

/**
 * The ALTER TABLE statements `on_schema_change` calls for (dbt's semantics): `ignore` changes nothing (columns the
 * new rows lack are left null, new ones are not stored), `fail` stops with the differences, `append_new_columns`
 * adds new columns, `sync_all_columns` also drops missing ones and changes types.
 */
export function schemaChangeStatements(model: CompiledModel, target: string, diff: SchemaDiff, mode: OnSchemaChange): string[] {
  if (isEmptyDiff(diff) || mode === 'ignore') return [];
  if (mode === 'fail') {
    const parts = [
      diff.added.length > 0 ? `new column${diff.added.length > 1 ? 's' : ''} ${diff.added.map((c) => `${c.name} (${c.type})`).join(', ')}` : '',
      diff.removed.length > 0 ? `missing column${diff.removed.length > 1 ? 's' : ''} ${diff.removed.map((c) => c.name).join(', ')}` : '',
      diff.changed.length > 0 ? `changed type${diff.changed.length > 1 ? 's' : ''} ${diff.changed.map((c) => `${c.name} ${c.from} → ${c.to}`).join(', ')}` : '',
    ].filter(Boolean);
    throw new SchemaChangeError(`model '${model.name}': the incremental SQL's columns no longer match ${target}: ${parts.join('; ')}`, {
      file: model.path,
      nodeId: model.id,
      hint: "on_schema_change='fail' stops here; rebuild with --full-refresh, or set on_schema_change to append_new_columns or sync_all_columns",
    });
  }
  const statements = diff.added.map((column) => `alter table ${target} add column ${quoteIdentifier(column.name)} ${column.type}`);
  if (mode === 'sync_all_columns') {
    statements.push(...diff.removed.map((column) => `alter table ${target} drop column ${quoteIdentifier(column.name)}`));
    statements.push(...diff.changed.map((column) => `alter table ${target} alter column ${quoteIdentifier(column.name)} type ${column.to} using ${quoteIdentifier(column.name)}::${column.to}`));
  }
  return statements;
}

/** The target's columns once the schema change is applied. */
export function columnsAfter(existing: readonly Column[], diff: SchemaDiff, mode: OnSchemaChange): Column[] {
  if (mode === 'append_new_columns') return [...existing, ...diff.added];
  if (mode === 'sync_all_columns') {
    const removed = new Set(diff.removed.map((column) => column.name));
    return [...existing.filter((column) => !removed.has(column.name)), ...diff.added];
  }
  return [...existing];
}
