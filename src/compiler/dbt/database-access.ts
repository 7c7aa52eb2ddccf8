import { TemplateError } from '../../errors/trevco-error.js';
import type { TemplateEngine } from '../template-engine.js';
import { bindArguments } from './call-arguments.js';

/**
 * The context functions that would ask the database while a template renders: `run_query`, `statement` /
 * `load_result` and the introspecting `adapter` methods. While `execute` is false (trevco's first pass, dbt's
 * parse) they do what dbt's do then: nothing (None, an empty list). While it is true, trevco has no connection
 * yet (it compiles everything before it runs anything), so they stop with a clear error rather than return a
 * made-up answer.
 */
export function databaseAccess(engine: TemplateEngine): Record<string, (...args: unknown[]) => unknown> {
  const executing = (): boolean => engine.current('execute') === true;
  const refuse = (what: string): never => {
    throw new TemplateError(`${what} needs the database while the template renders, which trevco does not support yet`, {
      hint: 'trevco compiles every model before it connects; wrap the call in {% if execute %} only where a fallback is acceptable, or compute the value in SQL',
    });
  };
  const quietly = <T>(what: string, fallback: T) => (): T => (executing() ? refuse(what) : fallback);
  return {
    run_query: quietly('run_query()', null),
    statement: (...args: unknown[]) => {
      bindArguments('statement', [['name', null], ['fetch_result', false], ['auto_begin', true], ['language', 'sql'], ['caller', null]], args);
      return executing() ? refuse('{% call statement(...) %}') : '';
    },
    load_result: quietly('load_result()', null),
    get_columns_in_relation: quietly('adapter.get_columns_in_relation()', []),
    get_relation: quietly('adapter.get_relation()', null),
    load_relation: quietly('load_relation()', null),
    list_relations_without_caching: quietly('adapter.list_relations_without_caching()', []),
    get_missing_columns: quietly('adapter.get_missing_columns()', []),
    check_schema_exists: quietly('adapter.check_schema_exists()', false),
    list_schemas: quietly('adapter.list_schemas()', []),
    drop_relation: quietly('adapter.drop_relation()', ''),
    rename_relation: quietly('adapter.rename_relation()', ''),
    create_schema: quietly('adapter.create_schema()', ''),
    drop_schema: quietly('adapter.drop_schema()', ''),
    truncate_relation: quietly('adapter.truncate_relation()', ''),
    expand_target_column_types: quietly('adapter.expand_target_column_types()', ''),
    already_exists: quietly('adapter.already_exists()', false),
  };
}

/** `adapter.quote('x')`: a quoted identifier, as dbt-postgres quotes. */
export function quote(identifier: unknown): string {
  return `"${String(identifier).replaceAll('"', '""')}"`;
}

