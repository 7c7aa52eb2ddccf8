import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from '../errors/trevco-error.js';
import type { PackageSpec } from './read-packages-file.js';

export interface InstalledPackage {
  readonly name: string;
  readonly spec: PackageSpec;
  /** Where it now is, relative to the project. */
  readonly path: string;
}

/**
 * `trevco deps`: installs every package into the install folder (dbt_packages/) under its dbt_project.yml name.
 * `local:` packages are linked (as dbt does), `git:` packages cloned at their revision with the system's git. Hub
 * packages need hub.getdbt.com, which trevco does not reach; the error says how to write them as git packages.
 * Each package is put in place whole (cloned aside, then renamed), so a failed install leaves the previous one.
 */
export function installPackages(root: string, installPath: string, specs: readonly PackageSpec[], env: NodeJS.ProcessEnv = process.env): InstalledPackage[] {
  const folder = path.join(root, installPath);
  mkdirSync(folder, { recursive: true });
  const installed: InstalledPackage[] = [];
  for (const spec of specs) {
    if (spec.kind === 'hub') {
      throw new ConfigError(`package '${spec.package}' comes from dbt's package hub, which needs the network; trevco does not fetch from hub.getdbt.com`, {
        file: 'packages.yml',
        hint: `write it as a git package, e.g. - git: "https://github.com/${hubRepository(spec.package)}.git" with revision: "${/\d+\.\d+(\.\d+)?/.exec(spec.version ?? '')?.[0] ?? 'main'}", or as local: with a copy`,
      });
    }
    const source = spec.kind === 'local' ? path.resolve(root, spec.path) : cloneGit(spec, folder, env);
    const name = packageName(source, spec);
    const destination = path.join(folder, name);
    rmSync(destination, { recursive: true, force: true });
    if (spec.kind === 'local') {
      try {
        symlinkSync(source, destination, 'dir');
      } catch {
        cpSync(source, destination, { recursive: true });
      }
    } else {
      renameSync(source, destination);
    }
    installed.push({ name, spec, path: path.relative(root, destination).replaceAll('\\', '/') });
  }
  return installed;
}

function cloneGit(spec: Extract<PackageSpec, { kind: 'git' }>, folder: string, env: NodeJS.ProcessEnv): string {
  const work = mkdtempSync(path.join(folder, '.clone-'));
  const git = (args: string[], cwd?: string): void => {
    try {
      execFileSync('git', args, { cwd, env: { ...env, GIT_TERMINAL_PROMPT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      rmSync(work, { recursive: true, force: true });
      const stderr = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message).trim().split('\n').slice(-2).join(' ');
      throw new ConfigError(`git ${args[0]} of ${spec.url}${spec.revision ? ` at ${spec.revision}` : ''} failed: ${stderr}`, {
        file: 'packages.yml',
        hint: 'check the URL and revision (a tag, branch or commit), and that this machine can reach the repository',
      });
    }
  };
  const checkout = path.join(work, 'repo');
  git(['clone', '--quiet', spec.url, checkout]);
  if (spec.revision) git(['checkout', '--quiet', spec.revision], checkout);
  rmSync(path.join(checkout, '.git'), { recursive: true, force: true });
  const root = spec.subdirectory ? path.join(checkout, spec.subdirectory) : checkout;
  const moved = path.join(folder, `.package-${path.basename(work)}`);
  renameSync(root, moved);
  rmSync(work, { recursive: true, force: true });
  return moved;
}

/** A package is installed under the `name:` of its dbt_project.yml, as dbt does. */
function packageName(folder: string, spec: PackageSpec): string {
  const file = path.join(folder, 'dbt_project.yml');
  if (!existsSync(file)) {
    const where = spec.kind === 'local' ? spec.path : spec.kind === 'git' ? spec.url : spec.package;
    throw new ConfigError(`package ${where} has no dbt_project.yml`, { file: 'packages.yml', hint: 'a dbt package is a folder with dbt_project.yml (for a git repository, set subdirectory: if it is not at the top)' });
  }
  const name = (parse(readFileSync(file, 'utf8')) as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(`${file}: the package has no valid name:`, { file });
  return name;
}

/** `dbt-labs/dbt_utils` → `dbt-labs/dbt-utils`: hub names use underscores where most repositories use dashes. */
function hubRepository(name: string): string {
  return name.replace(/_/g, '-');
}
