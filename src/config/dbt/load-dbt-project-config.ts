import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { ConfigError, ErrorList } from '../../errors/trevco-error.js';
import { ConfigProblems } from '../config-problems.js';
import { parseYaml } from '../parse-yaml.js';
import type { DispatchSetting, ProjectConfig, ProjectPaths, Target } from '../project-config.js';
import { readFolderConfigTree } from '../read-folder-config-tree.js';
import { DEFAULT_PATHS } from '../read-paths.js';
import { readSources } from '../read-sources.js';
import { implicitDevTarget } from '../read-targets.js';
import type { YamlMap, YamlValue } from '../yaml-value.js';
import { createDbtYamlRenderer } from './dbt-yaml-renderer.js';
import { DBT_PROJECT_KEYS, DBT_PROJECT_TOLERATED_KEYS, DBT_RENAMED_KEYS, DBT_UNAPPLIED_CONFIG_KEYS } from './dbt-project-keys.js';
import { findProfilesFile } from './find-profiles.js';
import { readProfile, type DbtProfile } from './read-profile.js';
import { targetContext } from './target-context.js';

export const DBT_PROJECT_FILE = 'dbt_project.yml';

export interface LoadDbtProjectOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly vars?: Readonly<Record<string, unknown>>;
  /** `--target`: chosen before the project is rendered, since dbt_project.yml may read `target.name`. */
  readonly target?: string;
  readonly profilesDir?: string;
  readonly profile?: string;
  readonly targetPath?: string;
  /** Home folder whose `.dbt/profiles.yml` is the last place searched (tests point it elsewhere). */
  readonly home?: string;
  /** Reading an installed package: no profile of its own; it renders with the root project's chosen target. */
  readonly asPackageOf?: { readonly targets: ReadonlyMap<string, Target>; readonly defaultTarget: string };
}

/**
 * Reads a dbt project (dbt_project.yml + the profile it names in profiles.yml) as a ProjectConfig. Strings are
 * rendered as dbt renders them (env_var, var, target), except hooks and vars. With no profile found, the project
 * runs on the embedded database and a note says so.
 */
export function loadDbtProjectConfig(root: string, options: LoadDbtProjectOptions): ProjectConfig {
  const file = path.join(root, DBT_PROJECT_FILE);
  const source = readFileSync(file, 'utf8');
  // A first, plain read for what must be known before rendering: the name, the profile and the vars.
  const plain = readPlain(source);
  const name = typeof plain.name === 'string' ? plain.name : undefined;
  const writtenVars = isRecord(plain.vars) ? plain.vars : {};
  const packagesInstallPath = typeof plain['packages-install-path'] === 'string' ? plain['packages-install-path'] : 'dbt_packages';
  const vars = projectVars(writtenVars, name ?? '', installedPackages(root, packagesInstallPath), options.vars);
  const profileName = options.profile ?? (typeof plain.profile === 'string' ? plain.profile : undefined);
  const notes: string[] = [];
  const { targets, deferred, defaultTarget, profile } = options.asPackageOf
    ? { targets: new Map(options.asPackageOf.targets), deferred: new Map<string, readonly ConfigError[]>(), defaultTarget: options.asPackageOf.defaultTarget, profile: undefined }
    : readConnection(root, profileName, vars, options, notes);
  const chosen = targets.get(options.target ?? defaultTarget);

  const problems = new ConfigProblems(DBT_PROJECT_FILE);
  const renderer = createDbtYamlRenderer({ env: options.env, vars, target: chosen ? targetContext(chosen) : undefined });
  const map = parseYaml(source, problems, renderer)?.map({ allowNull: true });
  if (!map) throw collected(problems.toErrors(source));
  const renames = Object.fromEntries(Object.entries(DBT_RENAMED_KEYS).map(([old, now]) => [old, `dbt renamed it to ${now}`]));
  map.rejectUnknownKeys(DBT_PROJECT_KEYS, renames, DBT_PROJECT_TOLERATED_KEYS.filter((key) => !(key in DBT_RENAMED_KEYS)));
  const configVersion = map.get('config-version');
  if (configVersion && configVersion.kind !== 'null' && String(configVersion.toJS()) !== '2') configVersion.mustBe('2', 'dbt 1.x projects use config-version: 2');
  map.required('name', 'e.g. name: jaffle_shop')?.nonEmptyString();
  const paths = readDbtPaths(map, options.targetPath);
  const tolerated = DBT_UNAPPLIED_CONFIG_KEYS;
  const testsKey = map.get('data_tests') ? 'data_tests' : 'tests';
  if (map.get('data_tests') && map.get('tests')) map.get('tests')!.error('tests and data_tests are the same thing', 'keep data_tests (dbt 1.8 spelling)');
  const analysisPaths = pathList(map.get('analysis-paths'), []);
  for (const folder of analysisPaths) {
    if (existsSync(path.join(root, folder)) && readdirSync(path.join(root, folder)).some((entry) => entry.endsWith('.sql'))) {
      map.get('analysis-paths')!.warn(`analysis-paths: the analyses in ${folder}/ are not compiled (trevco does not support analyses yet)`);
    }
  }
  readQuoting(map.get('quoting'));
  const sourcesTree = map.get('sources');
  if (sourcesTree && sourcesTree.kind === 'map') sourcesTree.warn("sources: folder config for sources in dbt_project.yml is not applied yet (declare it in the source's properties)");

  const snapshotsTree = readFolderConfigTree(map.get('snapshots'), name, 'snapshot', tolerated);
  const config: ProjectConfig = {
    name: name ?? '',
    ...(map.get('version')?.text() !== undefined && { version: map.get('version')!.text()! }),
    root,
    paths,
    defaultTarget,
    targets,
    ...(deferred.size > 0 && { unresolvedTargets: deferred }),
    vars,
    models: readFolderConfigTree(map.get('models'), name, 'model', tolerated),
    seeds: readFolderConfigTree(map.get('seeds'), name, 'seed', tolerated),
    snapshots: snapshotsTree,
    tests: readFolderConfigTree(map.get(testsKey), name, 'test', tolerated),
    sources: readSources(undefined, DBT_PROJECT_FILE),
    onRunStart: hooks(map.get('on-run-start')),
    onRunEnd: hooks(map.get('on-run-end')),
    dbt: {
      ...(profileName !== undefined && { profile: profileName }),
      ...(profile && { profilesFile: profile.file }),
      dispatch: readDispatch(map.get('dispatch')),
      flags: (map.get('flags')?.map({ allowNull: true })?.value.toJS() as Record<string, unknown> | null) ?? {},
      cleanTargets: pathList(map.get('clean-targets'), [paths.target]),
      packagesInstallPath,
      snapshotPaths: pathList(map.get('snapshot-paths'), ['snapshots']),
      analysisPaths,
      writtenVars,
      snapshots: snapshotsTree,
    },
    warnings: [...(profile?.warnings ?? []), ...problems.warnings],
    notes,
  };
  const errors = problems.toErrors(source);
  if (errors.length > 0) throw collected(errors);
  return config;
}

function readPlain(source: string): Record<string, unknown> {
  try {
    const value = parseYamlText(source, { merge: true }) as unknown;
    return isRecord(value) ? value : {};
  } catch {
    return {}; // the located parse below reports the syntax error with its line
  }
}

/** dbt's project-scoped vars: global keys, then the keys under the project's own name; `--vars` wins. */
export function projectVars(written: Readonly<Record<string, unknown>>, projectName: string, packages: readonly string[], cli?: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const scopes = new Set([projectName, ...packages]);
  const global = Object.fromEntries(Object.entries(written).filter(([key, value]) => !(scopes.has(key) && isRecord(value))));
  const own = isRecord(written[projectName]) ? written[projectName] : {};
  return { ...global, ...own, ...cli };
}

function installedPackages(root: string, installPath: string): string[] {
  const folder = path.join(root, installPath);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
}

interface Connection {
  readonly targets: Map<string, Target>;
  readonly deferred: Map<string, readonly ConfigError[]>;
  readonly defaultTarget: string;
  readonly profile?: DbtProfile;
}

function readConnection(root: string, profileName: string | undefined, vars: Record<string, unknown>, options: LoadDbtProjectOptions, notes: string[]): Connection {
  const file = findProfilesFile({ profilesDir: options.profilesDir, env: options.env, projectRoot: root, home: options.home });
  const profile = file && profileName ? readProfile(file, profileName, options.env, vars, root) : undefined;
  if (profile) return { targets: profile.targets, deferred: profile.deferred, defaultTarget: profile.defaultTarget, profile };
  if (options.profile !== undefined) {
    throw new ConfigError(`--profile ${options.profile}: no such profile in ${file ?? 'any profiles.yml'}`, {
      hint: file ? 'check the name against the top-level keys of profiles.yml' : 'create profiles.yml in the project folder or ~/.dbt/, or pass --profiles-dir',
    });
  }
  const dev = implicitDevTarget(root);
  const where = file ? `profile '${profileName ?? '(none named)'}' is not in ${file}` : 'no profiles.yml found';
  notes.push(`${where}: running on the embedded database in ${path.relative(root, dev.path) || '.'} (target dev)`);
  return { targets: new Map([['dev', dev]]), deferred: new Map(), defaultTarget: 'dev' };
}

/** model-paths and friends: dbt takes lists; trevco reads one folder of each kind. */
function readDbtPaths(map: YamlMap, targetPath: string | undefined): ProjectPaths {
  const one = (key: string, fallback: string): string => {
    const list = pathList(map.get(key), [fallback]);
    if (list.length > 1) map.get(key)!.error(`${key} lists ${list.length} folders; trevco reads one folder of each kind for now`, `move the files under one folder, e.g. ${list[0]}`);
    return list[0] ?? fallback;
  };
  const target = targetPath ?? map.get('target-path')?.nonEmptyString() ?? DEFAULT_PATHS.target;
  return {
    ...DEFAULT_PATHS,
    models: one('model-paths', 'models'),
    seeds: one('seed-paths', 'seeds'),
    macros: one('macro-paths', 'macros'),
    tests: one('test-paths', 'tests'),
    snapshots: one('snapshot-paths', 'snapshots'),
    target: normalise(target),
  };
}

function pathList(value: YamlValue | undefined, fallback: readonly string[]): string[] {
  if (!value || value.kind === 'null') return [...fallback];
  const list = value.kind === 'list' ? value.stringList() : [value.nonEmptyString()].filter((item): item is string => item !== undefined);
  return (list ?? [...fallback]).map(normalise);
}

function normalise(folder: string): string {
  return path.posix.normalize(folder.replace(/\\/g, '/')).replace(/\/+$/, '') || '.';
}

function readDispatch(value: YamlValue | undefined): DispatchSetting[] {
  const settings: DispatchSetting[] = [];
  for (const item of value?.list({ allowNull: true }) ?? []) {
    const map = item.map();
    if (!map) continue;
    map.rejectUnknownKeys(['macro_namespace', 'search_order']);
    const macroNamespace = map.required('macro_namespace', 'e.g. macro_namespace: dbt_utils')?.nonEmptyString();
    const searchOrder = map.required('search_order', "e.g. search_order: ['my_project', 'dbt_utils']")?.stringList();
    if (macroNamespace !== undefined && searchOrder !== undefined) settings.push({ macroNamespace, searchOrder });
  }
  return settings;
}

/** trevco quotes every identifier; `quoting: false` would make dbt fold names to lower case, which trevco does not. */
function readQuoting(value: YamlValue | undefined): void {
  const map = value?.map({ allowNull: true });
  if (!map) return;
  map.rejectUnknownKeys(['database', 'schema', 'identifier', 'snowflake_ignore_case']);
  for (const entry of map.entries()) {
    if (entry.value.boolean() === false) entry.keyValue.warn(`quoting.${entry.key}: false is not applied: trevco quotes every identifier (write names in lower case to get the same relations)`);
  }
}

function hooks(value: YamlValue | undefined): string[] {
  if (!value || value.kind === 'null') return [];
  return value.verbatim().stringList() ?? [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function collected(errors: readonly ConfigError[]): Error {
  if (errors.length === 0) return new ConfigError(`${DBT_PROJECT_FILE} is invalid`, { file: DBT_PROJECT_FILE });
  return errors.length === 1 ? errors[0]! : new ErrorList(errors);
}
