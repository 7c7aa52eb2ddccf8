import nunjucks from 'nunjucks';
import type { EnvVarRenderer } from '../env-var-renderer.js';

/** What dbt_project.yml and profiles.yml strings may use besides `env_var()`, as in dbt. */
export interface DbtYamlContext {
  readonly env: NodeJS.ProcessEnv;
  /** `var('name')`: the project's vars laid under `--vars`; absent in profiles.yml before the project is read. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `target.name`, `target.schema`… of the chosen target (dbt_project.yml only; profiles.yml comes first). */
  readonly target?: Readonly<Record<string, unknown>>;
}

/**
 * A renderer for dbt's YAML files: `env_var('NAME', default)`, `var('name', default)`, `target` and dbt's
 * conversion filters (`as_number`, `as_bool`, `as_text`, `as_native`). A missing environment variable is collected
 * (the caller decides whether it is an error now or only when that target is chosen); any other undefined name is
 * an error, so a typo is never rendered as an empty string.
 */
export function createDbtYamlRenderer(context: DbtYamlContext): EnvVarRenderer {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
  let missing: string[] = [];
  env.addGlobal('env_var', (name: unknown, fallback?: unknown): string => {
    if (typeof name !== 'string' || name === '') throw new Error('env_var() needs the name of a variable');
    const value = context.env[name];
    if (value !== undefined) return value;
    if (fallback !== undefined && fallback !== null) return String(fallback);
    missing.push(name);
    return '';
  });
  env.addGlobal('var', (name: unknown, ...fallback: unknown[]): unknown => {
    const vars = context.vars ?? {};
    if (typeof name === 'string' && Object.hasOwn(vars, name)) return vars[name];
    if (fallback.length > 0) return fallback[0];
    throw new Error(`var '${String(name)}' is not defined (define it under vars: or pass --vars, or give a default)`);
  });
  if (context.target) env.addGlobal('target', context.target);
  // dbt renders these YAML files natively: "{{ env_var('PORT') | as_number }}" is a number. We keep strings and let
  // the typed readers take "5432" as a number and "true" as a boolean, so the filters only need to pass the value on.
  for (const filter of ['as_number', 'as_native', 'as_text']) env.addFilter(filter, (value: unknown) => value);
  env.addFilter('as_bool', (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value));

  return (template) => {
    missing = [];
    let value: string;
    try {
      value = env.renderString(template, {});
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: message.replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '').replace(/^Error:\s*/, '').replace(/\s+/g, ' ').trim() };
    }
    return missing.length > 0 ? { ok: false, missing: [...new Set(missing)] } : { ok: true, value };
  };
}
