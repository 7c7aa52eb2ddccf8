import type { Target } from '../project-config.js';

/**
 * What templates see as `target`, as dbt-postgres shows it: `type` is 'postgres' on both engines (they speak the
 * same SQL, so `target.type == 'postgres'` branches work on the embedded one too); `engine` says which runs.
 * Connection facts come from the URL; the password never does.
 */
export function targetContext(target: Target): Record<string, unknown> {
  // Asked for once per rendered template: built once per target.
  const known = cache.get(target);
  if (known) return known;
  const built = buildTargetContext(target);
  cache.set(target, built);
  return built;
}

const cache = new WeakMap<Target, Record<string, unknown>>();

function buildTargetContext(target: Target): Record<string, unknown> {
  const common = { name: target.name, type: 'postgres', engine: target.type, schema: target.schema, threads: target.threads, target_name: target.name };
  if (target.type === 'pglite') return { ...common, database: 'postgres', dbname: 'postgres', host: 'localhost', port: 5432, user: 'postgres' };
  try {
    const url = new URL(target.url);
    const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
    return { ...common, database, dbname: database, host: decodeURIComponent(url.hostname), port: Number(url.port || 5432), user: decodeURIComponent(url.username) };
  } catch {
    return common;
  }
}
