import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { loadDbtProjectConfig, projectVars } from '../config/dbt/load-dbt-project-config.js';
import type { DispatchSetting, FolderConfigTree, NodeConfig, ProjectConfig } from '../config/project-config.js';
import { mergeNodeConfig } from '../config/merge-node-config.js';
import { resolveFolderConfig } from '../config/resolve-folder-config.js';

/** An installed package (dbt_packages/<name>), read as the dbt project it is. */
export interface InstalledPackage {
  readonly name: string;
  /** The package folder relative to the root project, with forward slashes (dbt_packages/dbt_utils). */
  readonly folder: string;
  readonly config: ProjectConfig;
}

/**
 * The packages installed under the root project's packages-install-path (by `trevco deps`), each read from its
 * dbt_project.yml, rendered with the root project's target. A package's own profile is never read.
 */
export function loadInstalledPackages(root: ProjectConfig, env: NodeJS.ProcessEnv, target: string | undefined): InstalledPackage[] {
  if (!root.dbt) return [];
  const folder = path.join(root.root, root.dbt.packagesInstallPath);
  if (!existsSync(folder)) return [];
  const packages: InstalledPackage[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const packageRoot = path.join(folder, entry.name);
    if (!existsSync(path.join(packageRoot, 'dbt_project.yml'))) continue;
    // The root's vars, and its `vars: { <package>: {...} }` scope, override the package's own defaults.
    const scoped = root.dbt.writtenVars[entry.name];
    const config = loadDbtProjectConfig(packageRoot, {
      env,
      vars: { ...root.vars, ...(isRecord(scoped) ? scoped : {}) },
      target,
      asPackageOf: { targets: root.targets, defaultTarget: root.defaultTarget },
    });
    packages.push({ name: config.name, folder: path.posix.join(root.dbt.packagesInstallPath.replaceAll('\\', '/'), entry.name), config });
  }
  return packages;
}

/**
 * Vars as a package's models and macros see them: its own dbt_project.yml vars (global and scoped to it) as
 * defaults, under the root project's vars and the root's `vars: { <package>: {...} }` scope.
 */
export function varsWithPackages(root: ProjectConfig, packages: readonly InstalledPackage[]): Record<string, unknown> {
  let vars: Record<string, unknown> = {};
  for (const pkg of packages) {
    const written = pkg.config.dbt?.writtenVars ?? {};
    const scopedInRoot = root.dbt?.writtenVars[pkg.name];
    vars = { ...vars, ...projectVars(written, pkg.name, packages.map((p) => p.name)), ...(isRecord(scopedInRoot) ? scopedInRoot : {}) };
  }
  return { ...vars, ...root.vars };
}

/** The root's dispatch settings, then each package's for namespaces the root does not configure. */
export function dispatchWithPackages(root: ProjectConfig, packages: readonly InstalledPackage[]): DispatchSetting[] {
  const settings = [...(root.dbt?.dispatch ?? [])];
  for (const pkg of packages) {
    for (const setting of pkg.config.dbt?.dispatch ?? []) {
      if (!settings.some((existing) => existing.macroNamespace === setting.macroNamespace)) settings.push(setting);
    }
  }
  return settings;
}

/**
 * Folder config of a package node: the package's own dbt_project.yml, then the root project's top level, then the
 * root's `models: { <package>: ... }` subtree — as dbt layers them (the root project wins).
 */
export function packageFolderConfig(root: ProjectConfig, pkg: InstalledPackage, kind: 'models' | 'seeds', folders: readonly string[]): NodeConfig {
  const own = resolveFolderConfig(pkg.config[kind], folders);
  const rootTree: FolderConfigTree = root[kind];
  const override = rootTree.children.get(pkg.name);
  return mergeNodeConfig(mergeNodeConfig(own, rootTree.config), override ? resolveFolderConfig(override, folders) : {});
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
