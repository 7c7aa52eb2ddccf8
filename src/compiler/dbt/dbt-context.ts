import { randomUUID } from 'node:crypto';
import type { DispatchSetting } from '../../config/project-config.js';
import type { TemplateEngine } from '../template-engine.js';
import { ApiColumn } from './api-column.js';
import { ApiRelation } from './api-relation.js';
import { bindArguments, sqlText } from './call-arguments.js';
import { CROSS_DATABASE_MACROS, renderBuiltin } from './cross-database-macros.js';
import { databaseAccess, quote, type DatabaseProvider } from './database-access.js';
import { DBT_NAMESPACE, Dispatcher, type MacroFunction } from './dispatch.js';

/** The dbt version trevco answers to `dbt_version` (packages compare it in `require-dbt-version` checks). */
export const DBT_COMPATIBLE_VERSION = '1.8.0';

export interface DbtContextOptions {
  readonly rootProject: string;
  readonly dispatch: readonly DispatchSetting[];
  /** dbt_project.yml `flags:` and the command's flags (FULL_REFRESH…), read as `flags.NAME`. */
  readonly flags?: Readonly<Record<string, unknown>>;
  /** The database for run_query & co. while rendering; absent: they fail with `unavailable`'s reason. */
  readonly database?: DatabaseProvider;
}

/** dbt's `graph` context value; filled in once pass 1 knows the nodes. */
export interface DbtGraph {
  readonly nodes: Record<string, unknown>;
  readonly sources: Record<string, unknown>;
  readonly exposures: Record<string, unknown>;
  readonly metrics: Record<string, unknown>;
  readonly groups: Record<string, unknown>;
  readonly semantic_models: Record<string, unknown>;
  readonly saved_queries: Record<string, unknown>;
}

/**
 * Installs dbt's context into the template engine (see src/compiler/dbt/README.md): the `dbt` namespace with the
 * cross-database macros, the same macros bare unless the project defines one of that name, `adapter`, `api`,
 * `run_query` / `statement` / `load_result`, `invocation_id`, `flags`, `graph`, `selected_resources`,
 * `project_name`, `dbt_version`, the generate_*_name helpers and one namespace per package (`dbt_utils.x()`).
 */
export function installDbtContext(engine: TemplateEngine, options: DbtContextOptions): DbtGraph {
  const dispatcher = new Dispatcher(engine, options.rootProject, options.dispatch);
  const dispatch = (name: unknown, namespace: unknown = null): MacroFunction => dispatcher.dispatch(name, namespace);
  const target = (): Record<string, unknown> => (engine.current('target') ?? {}) as Record<string, unknown>;
  const trimmed = (value: unknown): string | undefined => (value === null || value === undefined || String(value).trim() === '' ? undefined : sqlText(value).trim());

  const naming: Record<string, MacroFunction> = {
    default__generate_schema_name: (...args) => {
      const { custom_schema_name: custom } = bindArguments('generate_schema_name', ['custom_schema_name', ['node', null]], args);
      const schema = String(target().schema);
      return trimmed(custom) === undefined ? schema : `${schema}_${trimmed(custom)}`;
    },
    generate_schema_name_for_env: (...args) => {
      const { custom_schema_name: custom } = bindArguments('generate_schema_name_for_env', ['custom_schema_name', ['node', null]], args);
      return target().name === 'prod' && trimmed(custom) !== undefined ? trimmed(custom)! : String(target().schema);
    },
    default__generate_alias_name: (...args) => {
      const { custom_alias_name: custom, node } = bindArguments('generate_alias_name', [['custom_alias_name', null], ['node', null]], args);
      return trimmed(custom) ?? String((node as { name?: unknown } | null)?.name ?? '');
    },
    default__generate_database_name: (...args) => {
      const { custom_database_name: custom } = bindArguments('generate_database_name', [['custom_database_name', null], ['node', null]], args);
      return trimmed(custom) ?? String(target().database ?? '');
    },
  };
  naming.generate_database_name = naming.default__generate_database_name!;

  const dbt: Record<string, unknown> = {
    ...naming,
    generate_schema_name: naming.default__generate_schema_name,
    generate_alias_name: naming.default__generate_alias_name,
  };
  for (const [name, macro] of Object.entries(CROSS_DATABASE_MACROS)) {
    const own = (...args: unknown[]) => renderBuiltin(name, macro, args, (other, ...rest) => String(dispatch(other, DBT_NAMESPACE)(...rest)));
    dbt[name] = (...args: unknown[]) => dispatch(name, DBT_NAMESPACE)(...args);
    dbt[`default__${name}`] = own;
    dbt[`postgres__${name}`] = own;
  }

  const database = databaseAccess(engine, options.database ?? { database: () => undefined, unavailable: 'no target to query (compiling without a connection)' });
  const adapter = {
    dispatch,
    quote,
    quote_as_configured: (identifier: unknown) => quote(identifier),
    quote_seed_column: (column: unknown, quoteConfig: unknown) => (quoteConfig === true ? quote(column) : String(column)),
    type: () => 'postgres',
    ...database,
  };
  const graph: DbtGraph = { nodes: {}, sources: {}, exposures: {}, metrics: {}, groups: {}, semantic_models: {}, saved_queries: {} };
  const globals: Record<string, unknown> = {
    dbt,
    adapter,
    // Plain objects: Nunjucks wraps a class looked up as a member in a bound function, losing its static methods.
    api: {
      Relation: { create: (...args: unknown[]) => ApiRelation.create(...args) },
      Column: {
        create: (...args: unknown[]) => ApiColumn.create(...args),
        translate_type: (dtype: unknown) => ApiColumn.translate_type(dtype),
        numeric_type: (dtype: unknown, precision: unknown, scale: unknown) => ApiColumn.numeric_type(dtype, precision, scale),
        string_type: (size: unknown) => ApiColumn.string_type(size),
      },
    },
    run_query: database.run_query,
    statement: database.statement,
    load_result: database.load_result,
    load_relation: database.load_relation,
    invocation_id: randomUUID(),
    flags: { FULL_REFRESH: false, STORE_FAILURES: false, WHICH: 'run', ...options.flags },
    graph,
    selected_resources: [],
    project_name: options.rootProject,
    dbt_version: DBT_COMPATIBLE_VERSION,
    ...naming,
  };
  for (const [name, value] of Object.entries(globals)) {
    if (!engine.hasMacro(name)) engine.addGlobal(name, guarded(engine, value));
  }
  // dbt's macros are in every template's context bare too; a project macro of the same name wins.
  for (const name of Object.keys(CROSS_DATABASE_MACROS)) {
    if (!engine.hasMacro(name)) engine.addGlobal(name, guarded(engine, dbt[name]));
  }
  // `dbt_utils.star(...)`, `my_project.my_macro(...)`: each package's macros under its name.
  for (const [pkg, macros] of engine.macrosByPackage) {
    if (pkg === DBT_NAMESPACE || engine.global(pkg) !== undefined) continue;
    engine.addGlobal(pkg, Object.fromEntries(macros));
  }
  return graph;
}

/**
 * The same value with every function in it (one level of objects deep: `adapter.dispatch`, `dbt.x`) reporting
 * what it throws to the engine, so a dispatch error keeps its hint and gets the template's line.
 */
function guarded(engine: TemplateEngine, value: unknown, depth = 0): unknown {
  if (typeof value === 'function') {
    const fn = value as MacroFunction;
    return (...args: unknown[]) => {
      try {
        const result = fn(...args);
        // adapter.dispatch returns a macro: its errors are reported the same way.
        return typeof result === 'function' ? guarded(engine, result, depth + 1) : result;
      } catch (error) {
        engine.noteThrown(error);
        throw error;
      }
    };
  }
  if (depth === 0 && typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, guarded(engine, inner, depth + 1)]));
  }
  return value;
}
