import { rmSync } from 'node:fs';
import path from 'node:path';
import { loadProjectConfig } from '../config/load-project-config.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { CommandOptions } from './command-options.js';
import { projectLoadOptions } from './prepare-project.js';

/**
 * `trevco clean`: deletes the clean-targets of dbt_project.yml (default: the target path), or a trevco project's
 * target path. Only folders inside the project are removed; the embedded database (.trevco/) is never touched
 * unless listed.
 */
export function clean(options: CommandOptions = {}): { readonly removed: readonly string[] } {
  const root = path.resolve(options.projectDir ?? '.');
  const config = loadProjectConfig(root, { ...projectLoadOptions(options), vars: options.vars ? { ...options.vars } : undefined });
  const targets = config.dbt?.cleanTargets ?? [config.paths.target];
  for (const target of targets) {
    const absolute = path.resolve(root, target);
    const relative = path.relative(root, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      throw new ConfigError(`clean-targets lists '${target}', which is not a folder inside the project`, { file: 'dbt_project.yml', hint: 'clean only deletes folders inside the project' });
    }
  }
  for (const target of targets) rmSync(path.resolve(root, target), { recursive: true, force: true });
  return { removed: targets };
}
