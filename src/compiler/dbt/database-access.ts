import { call } from '../jinja/py-access.js';
import { quoteIdentifier, quoteLiteral } from '../../sql/quote.js';
import { TemplateError } from '../../errors/trevco-error.js';
import type { TemplateEngine } from '../template-engine.js';
import { ApiColumn } from './api-column.js';
import { ApiRelation } from './api-relation.js';
import { bindArguments, sqlText } from './call-arguments.js';
import { QueryTable } from './query-table.js';
import type { SyncDatabase } from './sync-database.js';

/** How templates reach the database: a SyncDatabase, or why there is none in this run. */
export interface DatabaseProvider {
  readonly database: () => SyncDatabase | undefined;
  readonly unavailable: string;
  /** Called with the node id of each template that queried the database while rendering. */
  readonly onUse?: (nodeId: string | undefined) => void;
}

/**
 * The context functions that query the database while a template renders: `run_query`, `statement` /
 * `load_result` and the adapter's introspection. While `execute` is false (trevco's first pass, dbt's parse) they
 * answer None or empty, as dbt's do then. While it is true they run on the target through a SyncDatabase — the
 * database as it is before the command runs anything (see the README's "Coming from dbt").
 */
export function databaseAccess(engine: TemplateEngine, provider: DatabaseProvider): Record<string, (...args: unknown[]) => unknown> {
  const executing = (): boolean => engine.current('execute') === true;
  const results = new Map<string, unknown>();
  const db = (what: string): SyncDatabase => {
    const database = provider.database();
    if (!database) {
      throw new TemplateError(`${what} needs the database while the template renders, which is not available here: ${provider.unavailable}`, {
        hint: 'wrap the call in {% if execute %} only where a fallback is acceptable, or compute the value in SQL',
      });
    }
    provider.onUse?.((engine.current('model') as { unique_id?: string } | undefined)?.unique_id);
    return database;
  };
  const run = (what: string, sql: string): QueryTable => new QueryTable(db(what).query(sql).rows);
  const relationArgs = (name: string, args: unknown[]) => bindArguments(name, [['database', null], ['schema', null], ['identifier', null]], args);

  const columnsOf = (relation: unknown): ApiColumn[] => {
    const { schema, identifier } = relation as { schema?: unknown; identifier?: unknown };
    const table = run('adapter.get_columns_in_relation()', `select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale
      from information_schema.columns where table_schema = ${quoteLiteral(String(schema))} and table_name = ${quoteLiteral(String(identifier))} order by ordinal_position`);
    return table.rows.map((row) => new ApiColumn(String(row.column_name), String(row.data_type), numberOrNull(row.character_maximum_length), numberOrNull(row.numeric_precision), numberOrNull(row.numeric_scale)));
  };
  const relationsIn = (schema: string, identifier?: string): ApiRelation[] => {
    const table = run('adapter.list_relations_without_caching()', `select n.nspname as schema, c.relname as name, case c.relkind when 'v' then 'view' when 'm' then 'materialized_view' else 'table' end as type
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'f') and n.nspname = ${quoteLiteral(schema)}${identifier === undefined ? '' : ` and c.relname = ${quoteLiteral(identifier)}`}
      order by c.relname`);
    return table.rows.map((row) => new ApiRelation(null, String(row.schema), String(row.name), String(row.type)));
  };
  const quiet = <T>(fallback: T, work: (...args: unknown[]) => T) => (...args: unknown[]): T => (executing() ? work(...args) : fallback);

  return {
    run_query: quiet(null, (sql) => run('run_query()', sqlText(sql))),
    statement: (...args: unknown[]) => {
      const bound = bindArguments('statement', [['name', null], ['fetch_result', false], ['auto_begin', true], ['language', 'sql'], ['caller', null]], args);
      if (!executing()) return '';
      // The call block's body: a macro of the jinja engine (Python-style callable).
      const sql = bound.caller ? String(call(bound.caller, [], {}, 'caller')) : '';
      const result = db('{% call statement(...) %}').query(sql);
      const table = new QueryTable(result.rows);
      if (bound.name !== null) {
        results.set(String(bound.name), { response: { code: result.command, rows_affected: result.rowCount, _message: `${result.command} ${result.rowCount}` }, data: bound.fetch_result ? table.rows : [], table: bound.fetch_result ? table : null });
      }
      return '';
    },
    load_result: (name: unknown) => results.get(String(name)) ?? null,
    get_columns_in_relation: quiet([], (relation) => columnsOf(relation)),
    get_missing_columns: quiet([], (from, to) => {
      const have = new Set(columnsOf(to).map((column) => column.name));
      return columnsOf(from).filter((column) => !have.has(column.name));
    }),
    get_relation: quiet(null, (...args) => {
      const { schema, identifier } = relationArgs('adapter.get_relation', args);
      return relationsIn(String(schema), String(identifier))[0] ?? null;
    }),
    load_relation: quiet(null, (relation) => {
      const { schema, identifier } = relation as { schema?: unknown; identifier?: unknown };
      return relationsIn(String(schema), String(identifier))[0] ?? null;
    }),
    list_relations_without_caching: quiet([], (schemaRelation) => relationsIn(String((schemaRelation as { schema?: unknown }).schema))),
    check_schema_exists: quiet(false, (...args) => {
      const { schema } = bindArguments('adapter.check_schema_exists', [['database', null], ['schema', null]], args);
      return run('adapter.check_schema_exists()', `select 1 from pg_catalog.pg_namespace where nspname = ${quoteLiteral(String(schema))}`).rows.length > 0;
    }),
    list_schemas: quiet([], () => run('adapter.list_schemas()', 'select nspname from pg_catalog.pg_namespace order by 1').rows.map((row) => row[0])),
    already_exists: quiet(false, (schema, name) => relationsIn(String(schema), String(name)).length > 0),
    create_schema: quiet('', (relation) => ddl(`create schema if not exists ${quoteIdentifier(String((relation as { schema?: unknown }).schema))}`)),
    drop_schema: quiet('', (relation) => ddl(`drop schema if exists ${quoteIdentifier(String((relation as { schema?: unknown }).schema))} cascade`)),
    drop_relation: quiet('', (relation) => {
      const { type } = relation as { type?: unknown };
      return ddl(`drop ${type === 'view' ? 'view' : type === 'materialized_view' ? 'materialized view' : 'table'} if exists ${String(relation)} cascade`);
    }),
    truncate_relation: quiet('', (relation) => ddl(`truncate table ${String(relation)}`)),
    rename_relation: quiet('', (from, to) => ddl(`alter table ${String(from)} rename to ${quoteIdentifier(String((to as { identifier?: unknown }).identifier))}`)),
    expand_target_column_types: quiet('', () => {
      throw new TemplateError('adapter.expand_target_column_types() is not supported yet');
    }),
  };

  function ddl(sql: string): string {
    db('an adapter method').query(sql);
    return '';
  }
}

function numberOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

/** `adapter.quote('x')`: a quoted identifier, as dbt-postgres quotes. */
export function quote(identifier: unknown): string {
  return `"${String(identifier).replaceAll('"', '""')}"`;
}
