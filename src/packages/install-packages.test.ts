import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deps } from '../api/deps.js';
import { TrevcoError } from '../errors/trevco-error.js';
import { writeProject, type TempProject } from '../testing/temp-project.js';

let project: TempProject | undefined;
afterEach(() => project?.remove());

const DBT_PROJECT = 'name: shop\nprofile: shop\n';

/** A git repository holding a package whose macro says which revision it is. */
function gitPackage(): { url: string; first: string } {
  const folder = mkdtempSync(join(tmpdir(), 'trevco-git-package-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: folder, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).toString().trim();
  git('init', '--quiet', '-b', 'main');
  mkdirSync(join(folder, 'macros'));
  writeFileSync(join(folder, 'dbt_project.yml'), 'name: remote_utils\n');
  writeFileSync(join(folder, 'macros', 'v.sql'), '{% macro version() %}v1{% endmacro %}');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'v1');
  git('tag', 'v1');
  const first = git('rev-parse', 'HEAD');
  writeFileSync(join(folder, 'macros', 'v.sql'), '{% macro version() %}v2{% endmacro %}');
  git('commit', '--quiet', '-am', 'v2');
  return { url: `file://${folder}`, first };
}

describe('trevco deps', () => {
  it('links local: packages and clones git: packages at their revision, under their dbt_project.yml name', () => {
    const { url } = gitPackage();
    project = writeProject({
      'dbt_project.yml': DBT_PROJECT,
      'packages.yml': `packages:\n  - local: ../local_pkg\n  - git: "${url}"\n    revision: v1\n`,
    });
    const local = join(project.root, '..', 'local_pkg');
    mkdirSync(local, { recursive: true });
    writeFileSync(join(local, 'dbt_project.yml'), 'name: local_utils\n');
    const { installed } = deps({ projectDir: project.root, env: {} });
    expect(installed.map((pkg) => [pkg.name, pkg.path])).toEqual([['local_utils', 'dbt_packages/local_utils'], ['remote_utils', 'dbt_packages/remote_utils']]);
    expect(lstatSync(join(project.root, 'dbt_packages', 'local_utils')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(project.root, 'dbt_packages', 'remote_utils', 'macros', 'v.sql'), 'utf8')).toContain('v1');
    expect(existsSync(join(project.root, 'dbt_packages', 'remote_utils', '.git'))).toBe(false);
  });

  it('says clearly that hub packages need the network, and how to write them as git packages', () => {
    project = writeProject({ 'dbt_project.yml': DBT_PROJECT, 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.1.0", "<2.0.0"]\n' });
    let error: unknown;
    try {
      deps({ projectDir: project.root, env: {} });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(TrevcoError);
    expect(error).toMatchObject({
      code: 'CONFIG',
      message: "package 'dbt-labs/dbt_utils' comes from dbt's package hub, which needs the network; trevco does not fetch from hub.getdbt.com",
      hint: 'write it as a git package, e.g. - git: "https://github.com/dbt-labs/dbt-utils.git" with revision: "1.1.0", or as local: with a copy',
    });
  });

  it('reports a revision that does not exist with the git error', () => {
    const { url } = gitPackage();
    project = writeProject({ 'dbt_project.yml': DBT_PROJECT, 'dependencies.yml': `packages:\n  - git: "${url}"\n    revision: no-such-tag\n` });
    expect(() => deps({ projectDir: project!.root, env: {} })).toThrow(/git checkout of file:.* at no-such-tag failed/);
  });
});
