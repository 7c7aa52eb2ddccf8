import path from 'node:path';
import type { ProjectPaths } from './project-config.js';
import type { YamlValue } from './yaml-value.js';

export const DEFAULT_PATHS: ProjectPaths = {
  models: 'models',
  seeds: 'seeds',
  snapshots: 'snapshots',
  macros: 'macros',
  tests: 'tests',
  csv: 'csv',
  sql: 'sql',
  target: 'target',
};

/** `paths:` of project.yml, with defaults; each path relative to the root, normalised to forward slashes. */
export function readPaths(value: YamlValue | undefined): ProjectPaths {
  const map = value?.map({ allowNull: true });
  if (!map) return DEFAULT_PATHS;
  map.rejectUnknownKeys(Object.keys(DEFAULT_PATHS));
  const paths: { -readonly [K in keyof ProjectPaths]: string } = { ...DEFAULT_PATHS };
  for (const key of Object.keys(DEFAULT_PATHS) as (keyof ProjectPaths)[]) {
    const entry = map.get(key);
    const written = entry?.nonEmptyString();
    if (entry === undefined || written === undefined) continue;
    const slashed = written.replace(/\\/g, '/');
    if (path.posix.isAbsolute(slashed) || /^[A-Za-z]:\//.test(slashed)) {
      entry.mustBe('a path relative to the project root', undefined, written);
      continue;
    }
    paths[key] = path.posix.normalize(slashed).replace(/\/+$/, '') || '.';
  }
  return paths;
}
