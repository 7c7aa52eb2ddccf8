import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, ErrorList } from '../errors/trevco-error.js';
import { ConfigProblems } from '../config/config-problems.js';
import { createDbtYamlRenderer } from '../config/dbt/dbt-yaml-renderer.js';
import { parseYaml } from '../config/parse-yaml.js';

/** One entry of packages.yml / dependencies.yml. */
export type PackageSpec =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'git'; readonly url: string; readonly revision?: string; readonly subdirectory?: string }
  | { readonly kind: 'hub'; readonly package: string; readonly version?: string };

export const PACKAGE_FILES = ['packages.yml', 'dependencies.yml'] as const;

/**
 * The packages a project declares, from packages.yml or dependencies.yml (dbt 1.6's name; both at once is an
 * error, as in dbt). Strings may use env_var(), as dbt renders these files. No file: no packages.
 */
export function readPackagesFile(root: string, env: NodeJS.ProcessEnv = process.env): { file?: string; packages: PackageSpec[] } {
  const present = PACKAGE_FILES.filter((name) => existsSync(path.join(root, name)));
  if (present.length === 0) return { packages: [] };
  if (present.length > 1) {
    throw new ConfigError('the project has both packages.yml and dependencies.yml', { file: 'dependencies.yml', hint: 'keep the packages in one of them' });
  }
  const file = present[0]!;
  const source = readFileSync(path.join(root, file), 'utf8');
  const problems = new ConfigProblems(file);
  const map = parseYaml(source, problems, createDbtYamlRenderer({ env }))?.map({ allowNull: true });
  const packages: PackageSpec[] = [];
  if (map) {
    map.rejectUnknownKeys(['packages', 'projects'], {}, file === 'dependencies.yml' ? ['projects'] : []);
    for (const item of map.get('packages')?.list({ allowNull: true }) ?? []) {
      const entry = item.map();
      if (!entry) continue;
      entry.rejectUnknownKeys(['local', 'git', 'revision', 'subdirectory', 'package', 'version', 'warn-unpinned', 'install-prerelease', 'private', 'tarball', 'name']);
      const local = entry.get('local')?.nonEmptyString();
      const git = entry.get('git')?.nonEmptyString() ?? entry.get('private')?.nonEmptyString();
      const hub = entry.get('package')?.nonEmptyString();
      const version = entry.get('version');
      if (local !== undefined) packages.push({ kind: 'local', path: local });
      else if (git !== undefined) {
        const revision = entry.get('revision')?.text();
        const subdirectory = entry.get('subdirectory')?.nonEmptyString();
        packages.push({ kind: 'git', url: git, ...(revision !== undefined && { revision }), ...(subdirectory !== undefined && { subdirectory }) });
      } else if (hub !== undefined) {
        const text = version?.kind === 'list' ? (version.stringList() ?? []).join(', ') : version?.text();
        packages.push({ kind: 'hub', package: hub, ...(text !== undefined && { version: text }) });
      } else if (entry.get('tarball')) {
        entry.get('tarball')!.error('tarball packages are not supported yet', 'use git: or local:');
      } else {
        item.error(`${item.label} needs local:, git: or package:`, "e.g. - local: ../my_package, or - git: https://github.com/dbt-labs/dbt-utils.git with revision: 1.3.0");
      }
    }
  }
  ErrorList.throwIfAny(problems.toErrors(source));
  return { file, packages };
}
