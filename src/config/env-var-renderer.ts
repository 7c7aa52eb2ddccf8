import nunjucks from 'nunjucks';

/** The outcome of rendering one string from project.yml. */
export type EnvVarRendering =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly missing: readonly string[] }
  | { readonly ok: false; readonly error: string };

export type EnvVarRenderer = (template: string) => EnvVarRendering;

/** Whether `text` holds Nunjucks syntax at all; plain strings are returned as they are, without rendering. */
export function isTemplate(text: string): boolean {
  return text.includes('{{') || text.includes('{%') || text.includes('{#');
}

/**
 * A renderer for strings in project.yml, whose only function is dbt's `env_var('NAME')` /
 * `env_var('NAME', 'default')`. Missing variables are collected rather than thrown, so one string naming two missing
 * variables reports both.
 */
export function createEnvVarRenderer(env: NodeJS.ProcessEnv): EnvVarRenderer {
  // autoescape off: these are connection strings and paths, not HTML. throwOnUndefined: a typo such as
  // `{{ env_vr('X') }}` must be an error, not an empty string.
  const nunjucksEnv = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: true });
  let missing: string[] = [];
  nunjucksEnv.addGlobal('env_var', (name: unknown, fallback?: unknown): string => {
    if (typeof name !== 'string' || name === '') throw new Error('env_var() needs the name of a variable');
    const value = env[name];
    if (value !== undefined) return value;
    if (fallback !== undefined && fallback !== null) return String(fallback);
    missing.push(name);
    return '';
  });

  return (template) => {
    missing = [];
    let value: string;
    try {
      value = nunjucksEnv.renderString(template, {});
    } catch (error) {
      return { ok: false, error: cleanNunjucksMessage(error) };
    }
    return missing.length > 0 ? { ok: false, missing: [...new Set(missing)] } : { ok: true, value };
  };
}

/** Nunjucks prefixes "(unknown path) [Line 1, Column 7]" and "Error:"; the caller already says where. */
function cleanNunjucksMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/^\(unknown path\)\s*(\[Line \d+, Column \d+\])?\s*/, '')
    .replace(/^Error:\s*/, '')
    .replace(/\s+/g, ' ')
    .trim();
}
