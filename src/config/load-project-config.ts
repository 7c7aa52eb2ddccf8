import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../errors/did-you-mean.js';
import { ConfigError, ErrorList, type TrevcoError } from '../errors/trevco-error.js';
import { ConfigProblems } from './config-problems.js';
import { createEnvVarRenderer } from './env-var-renderer.js';
import { DBT_PROJECT_FILE, loadDbtProjectConfig } from './dbt/load-dbt-project-config.js';
import { parseYaml } from './parse-yaml.js';
import type { ProjectConfig } from './project-config.js';
import { readFolderConfigTree } from './read-folder-config-tree.js';
import { readPaths } from './read-paths.js';
import { readSources } from './read-sources.js';
import { readTargets } from './read-targets.js';
import type { YamlMap } from './yaml-value.js';

export const PROJECT_FILE = 'project.yml';

export interface LoadProjectConfigOptions {
  /** Where `env_var()` looks; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** `--vars` from the command line: each key replaces the same key of project.yml's `vars:`. */
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `--target`: a dbt project renders dbt_project.yml with the chosen target (`target.name`). */
  readonly target?: string;
  /** `--profiles-dir` and `--profile` (dbt projects). */
  readonly profilesDir?: string;
  readonly profile?: string;
  /** `--target-path`: overrides paths.target / target-path. */
  readonly targetPath?: string;
  /** Home folder whose `.dbt/profiles.yml` is searched last (default: the user's). */
  readonly home?: string;
}

const TOP_LEVEL_KEYS = [
  'name',
  'version',
  'paths',
  'target',
  'targets',
  'vars',
  'models',
  'seeds',
  'snapshots',
  'tests',
  'sources',
  'on-run-start',
  'on_run_start',
  'on-run-end',
  'on_run_end',
];

/** dbt_project.yml keys people bring along, with where trevco keeps that setting. */
const DBT_KEY_HINTS: Readonly<Record<string, string>> = {
  'model-paths': 'trevco sets folders under paths: (paths.models)',
  'seed-paths': 'trevco sets folders under paths: (paths.seeds)',
  'snapshot-paths': 'trevco sets folders under paths: (paths.snapshots)',
  'macro-paths': 'trevco sets folders under paths: (paths.macros)',
  'test-paths': 'trevco sets folders under paths: (paths.tests)',
  'target-path': 'trevco sets folders under paths: (paths.target)',
  profile: 'trevco keeps connections in project.yml, under targets:',
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads and validates `<root>/project.yml` (see src/config/README.md for every key). Strings may use
 * `env_var('NAME')` / `env_var('NAME', 'default')`, rendered here — except hooks, which are SQL templates rendered
 * when they run.
 *
 * Every problem in the file is reported together: one `ConfigError` (code CONFIG) with file, line, column and the
 * YAML path in its message, or an `ErrorList` of them. A target whose environment variables are missing is not an
 * error here; `resolveTarget` reports it when that target is chosen.
 */
export function loadProjectConfig(root: string, options: LoadProjectConfigOptions = {}): ProjectConfig {
  const projectRoot = path.resolve(root);
  const hasDbtProject = existsSync(path.join(projectRoot, DBT_PROJECT_FILE));
  if (hasDbtProject && existsSync(path.join(projectRoot, PROJECT_FILE))) {
    throw new ConfigError(`${projectRoot} has both ${PROJECT_FILE} and ${DBT_PROJECT_FILE}`, {
      file: PROJECT_FILE,
      hint: `a project is either a trevco project (${PROJECT_FILE}) or a dbt project (${DBT_PROJECT_FILE}); remove or rename one of them`,
    });
  }
  if (hasDbtProject) return loadDbtProjectConfig(projectRoot, { ...options, env: options.env ?? process.env });
  const source = readProjectFile(projectRoot);
  const problems = new ConfigProblems(PROJECT_FILE);
  const document = parseYaml(source, problems, createEnvVarRenderer(options.env ?? process.env));
  const map = document?.map({ allowNull: true });
  if (!map) throw collected(problems.toErrors(source));

  map.rejectUnknownKeys(TOP_LEVEL_KEYS, DBT_KEY_HINTS);
  const name = readName(map);
  const version = map.get('version')?.text();
  const readPathsValue = readPaths(map.get('paths'));
  const paths = options.targetPath !== undefined ? { ...readPathsValue, target: options.targetPath } : readPathsValue;
  const { targets, declared, deferred } = readTargets(map.get('targets'), projectRoot);
  const defaultTarget = readDefaultTarget(map, declared);
  const written = map.get('vars')?.map({ allowNull: true })?.value.toJS() as Record<string, unknown> | null | undefined;
  const vars = { ...written, ...options.vars };
  const models = readFolderConfigTree(map.get('models'), name, 'model');
  const seeds = readFolderConfigTree(map.get('seeds'), name, 'seed');
  const snapshots = readFolderConfigTree(map.get('snapshots'), name, 'snapshot');
  const tests = readFolderConfigTree(map.get('tests'), name, 'test');
  const sources = readSources(map.get('sources'), PROJECT_FILE);
  const onRunStart = readHooks(map, 'on-run-start', 'on_run_start');
  const onRunEnd = readHooks(map, 'on-run-end', 'on_run_end');

  const errors = problems.toErrors(source);
  if (errors.length > 0 || name === undefined) throw collected(errors);
  const unresolvedTargets = new Map([...deferred].map(([target, list]) => [target, problems.toErrors(source, list)]));
  return {
    name,
    ...(version !== undefined && { version }),
    root: projectRoot,
    paths,
    defaultTarget,
    targets,
    ...(unresolvedTargets.size > 0 && { unresolvedTargets }),
    vars,
    models,
    seeds,
    snapshots,
    tests,
    sources,
    onRunStart,
    onRunEnd,
  };
}

function readProjectFile(projectRoot: string): string {
  try {
    return readFileSync(path.join(projectRoot, PROJECT_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ConfigError(`no ${PROJECT_FILE} or ${DBT_PROJECT_FILE} in ${projectRoot}`, {
        file: PROJECT_FILE,
        hint: `run trevco from the folder holding ${PROJECT_FILE} (or a dbt project's ${DBT_PROJECT_FILE}), or pass --project-dir`,
        cause: error,
      });
    }
    throw new ConfigError(`cannot read ${PROJECT_FILE}: ${(error as Error).message}`, {
      file: PROJECT_FILE,
      cause: error,
    });
  }
}

function readName(map: YamlMap): string | undefined {
  const value = map.required('name', "e.g. name: my_warehouse");
  const name = value?.string();
  if (value === undefined || name === undefined) return undefined;
  if (IDENTIFIER.test(name)) return name;
  const suggestion = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
  value.mustBe('letters, digits and underscores, not starting with a digit', `e.g. '${suggestion}'`, name);
  return undefined;
}

/** `target:`, else a target named dev, else the first declared one (the implicit target is named dev too). */
function readDefaultTarget(map: YamlMap, declared: readonly string[]): string {
  const value = map.get('target');
  const named = value?.nonEmptyString();
  if (value && named !== undefined && !declared.includes(named)) {
    const near = didYouMean(named, declared);
    value.error(
      `target '${named}' is not declared under targets`,
      near !== undefined ? `did you mean '${near}'?` : `declared targets: ${declared.join(', ')}`,
    );
  }
  return named ?? (declared.includes('dev') ? 'dev' : (declared[0] ?? 'dev'));
}

/** `on-run-start` (dbt's spelling) or `on_run_start`: one SQL string or a list, kept unrendered. */
function readHooks(map: YamlMap, dashed: string, underscored: string): string[] {
  const dashedValue = map.get(dashed);
  const underscoredValue = map.get(underscored);
  if (dashedValue && underscoredValue) {
    underscoredValue.error(`${underscored} and ${dashed} are the same thing`, 'keep one of them');
  }
  const value = dashedValue ?? underscoredValue;
  if (!value || value.kind === 'null') return [];
  return value.verbatim().stringList() ?? [];
}

/** The error to throw for what was collected (a problem is always collected before a value is left undefined). */
function collected(errors: readonly ConfigError[]): TrevcoError {
  if (errors.length === 0) return new ConfigError(`${PROJECT_FILE} is invalid`, { file: PROJECT_FILE });
  return errors.length === 1 ? errors[0]! : new ErrorList(errors);
}
