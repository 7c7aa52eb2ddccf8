import { resolve } from 'node:path';
import { loadProjectConfig } from '../config/load-project-config.js';
import { ConfigError } from '../errors/trevco-error.js';
import { installPackages, type InstalledPackage } from '../packages/install-packages.js';
import { readPackagesFile } from '../packages/read-packages-file.js';
import type { CommandOptions } from './command-options.js';
import { projectLoadOptions } from './prepare-project.js';

/** `trevco deps`: installs the packages of packages.yml / dependencies.yml into dbt_packages/ (see src/packages/README.md). */
export function deps(options: CommandOptions = {}): { readonly installed: readonly InstalledPackage[]; readonly file?: string } {
  const root = resolve(options.projectDir ?? '.');
  const env = options.env ?? process.env;
  const config = loadProjectConfig(root, { ...projectLoadOptions(options), vars: options.vars ? { ...options.vars } : undefined });
  const { file, packages } = readPackagesFile(root, env);
  if (packages.length > 0 && !config.dbt) {
    throw new ConfigError(`${file}: packages are read by dbt projects (dbt_project.yml); this is a trevco project`, { file, hint: 'put shared macros under macros/, or make the project a dbt project' });
  }
  return { installed: installPackages(root, config.dbt?.packagesInstallPath ?? 'dbt_packages', packages, env), ...(file !== undefined && { file }) };
}
