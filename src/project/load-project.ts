import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fg from 'fast-glob';
import { loadProjectConfig, mergeNodeConfig, resolveFolderConfig, type LoadProjectConfigOptions } from '../config/index.js';
import { loadPropertiesFile } from '../config/index.js';
import type { NodeConfig, ProjectConfig } from '../config/project-config.js';
import type { NodeProperties, PropertiesFile } from '../config/properties.js';
import { ConfigError, ErrorList, type TrevcoError } from '../errors/trevco-error.js';
import { dispatchWithPackages, loadInstalledPackages, packageFolderConfig, varsWithPackages } from './load-packages.js';
import type { MacroFile, ModelFile, Project, SeedFile, SingularTestFile } from './project.js';
import { stripUnsupportedBlocks } from './unsupported-blocks.js';
import { loadSnapshots } from './load-snapshots.js';

export type LoadProjectOptions = LoadProjectConfigOptions;

/** Folder under tests/ whose SQL files are custom generic tests (`{% test %}` blocks), as in dbt. */
const GENERIC_TESTS_FOLDER = 'generic';

/**
 * Reads project.yml and discovers models, macros, seeds, singular tests and properties files.
 * Every problem is collected and thrown together.
 */
export function loadProject(root: string, options: LoadProjectOptions = {}): Project {
  const rootConfig = loadProjectConfig(root, { ...options, vars: options.vars ? { ...options.vars } : undefined });
  const packages = loadInstalledPackages(rootConfig, options.env ?? process.env, options.target);
  // Packages' vars are defaults under the root's; their dispatch settings fill namespaces the root leaves open.
  const config: ProjectConfig = packages.length === 0 ? rootConfig : {
    ...rootConfig,
    vars: varsWithPackages(rootConfig, packages),
    dbt: rootConfig.dbt && { ...rootConfig.dbt, dispatch: dispatchWithPackages(rootConfig, packages) },
    warnings: [...(rootConfig.warnings ?? []), ...packages.flatMap((pkg) => (pkg.config.warnings ?? []).map((line) => `${pkg.folder}/${line}`))],
  };
  const errors: TrevcoError[] = [];
  const units: ProjectUnit[] = [
    ...packages.map((pkg): ProjectUnit => ({
      name: pkg.name,
      folder: pkg.folder,
      paths: pkg.config.paths,
      packageName: pkg.name,
      folderConfig: (kind, folders) => (kind === 'tests' || kind === 'snapshots' ? resolveFolderConfig(config[kind], folders) : packageFolderConfig(rootConfig, pkg, kind, folders)),
    })),
    { name: config.name, folder: '', paths: config.paths, folderConfig: (kind, folders) => resolveFolderConfig(config[kind], folders) },
  ];

  const rootUnit = units.at(-1)!;
  const propertiesFiles: PropertiesFile[] = [];
  for (const unit of units) {
    for (const path of listFiles(config.root, unit, [unit.paths.models, unit.paths.seeds, ...(unit.packageName === undefined ? [unit.paths.snapshots] : [])], '**/*.{yml,yaml}')) {
      try {
        propertiesFiles.push(loadPropertiesFile(config.root, path));
      } catch (error) {
        collect(errors, error);
      }
    }
  }
  const modelProperties = indexProperties(propertiesFiles.flatMap((file) => file.models), 'model', errors);
  const seedProperties = indexProperties(propertiesFiles.flatMap((file) => file.seeds), 'seed', errors);

  const models = units.flatMap((unit) => listFiles(config.root, unit, [unit.paths.models], '**/*.sql').map((path): ModelFile => {
    const name = posix.basename(path, '.sql');
    const rawSql = readText(config.root, path);
    const properties = modelProperties.get(name);
    return {
      id: `model.${unit.name}.${name}`,
      name,
      path,
      absolutePath: join(config.root, path),
      rawSql,
      checksum: sha256(rawSql),
      config: mergeNodeConfig(folderConfig(unit, 'models', path), properties?.config ?? {}),
      properties,
      ...(unit.packageName !== undefined && { packageName: unit.packageName }),
    };
  }));
    const snapshotProperties = indexProperties(propertiesFiles.flatMap((file) => file.snapshots), 'snapshot', errors);
  const snapshots = loadSnapshots(config, listFiles(config.root, rootUnit, [config.paths.snapshots], '**/*.sql'), snapshotProperties, {
    // A YAML-declared snapshot outside snapshots/ (dbt allows models/) takes the snapshots: defaults of the top.
    folderConfig: (path) => folderConfig(rootUnit, 'snapshots', path.startsWith(`${config.paths.snapshots}/`) ? path : `${config.paths.snapshots}/${posix.basename(path)}`),
    readText: (path) => readText(config.root, path),
    errors,
  });
  reportDuplicateNames(models, 'model', errors);
  reportSnapshotNameClashes(models, snapshots, errors);
  reportOrphanProperties(modelProperties, models, 'model', errors);

  const seeds = units.flatMap((unit) => listFiles(config.root, unit, [unit.paths.seeds], '**/*.csv').map((path): SeedFile => {
    const name = posix.basename(path, '.csv');
    const properties = seedProperties.get(name);
    const absolutePath = join(config.root, path);
    return {
      id: `seed.${unit.name}.${name}`,
      name,
      path,
      absolutePath,
      checksum: sha256(readFileSync(absolutePath)),
      config: mergeNodeConfig(folderConfig(unit, 'seeds', path), properties?.config ?? {}),
      properties,
      ...(unit.packageName !== undefined && { packageName: unit.packageName }),
    };
  }));
  reportDuplicateNames(seeds, 'seed', errors);
  reportOrphanProperties(seedProperties, seeds, 'seed', errors);

  // Package macros first: the project's own macro of the same bare name wins, as in dbt.
  const blockWarnings: string[] = [];
  const macros: MacroFile[] = units.flatMap((unit) => {
    const genericTestsFolder = posix.join(unit.paths.tests, GENERIC_TESTS_FOLDER);
    return listFiles(config.root, unit, [unit.paths.macros, genericTestsFolder], '**/*.sql').map((path) => {
      const { source, warnings } = stripUnsupportedBlocks(readText(config.root, path), path);
      blockWarnings.push(...warnings);
      return { path, source, packageName: unit.name };
    });
  });

  const genericTestsFolder = posix.join(config.paths.tests, GENERIC_TESTS_FOLDER);
  const singularTests = listFiles(config.root, rootUnit, [config.paths.tests], '**/*.sql')
    .filter((path) => !path.startsWith(`${genericTestsFolder}/`))
    .map((path): SingularTestFile => {
      const rawSql = readText(config.root, path);
      const name = posix.basename(path, '.sql');
      return {
        id: `test.${config.name}.${name}`,
        name,
        path,
        absolutePath: join(config.root, path),
        rawSql,
        checksum: sha256(rawSql),
        config: folderConfig(rootUnit, 'tests', path),
      };
    });

  ErrorList.throwIfAny(errors);
  const warnings = [...(config.warnings ?? []), ...propertiesFiles.flatMap((file) => file.warnings ?? []), ...blockWarnings];
  return {
    config: warnings.length > 0 ? { ...config, warnings } : config,
    models,
    snapshots,
    macros,
    seeds,
    sources: [...config.sources, ...propertiesFiles.flatMap((file) => file.sources)],
    singularTests,
    propertiesFiles,
    ...(packages.length > 0 && { packages: packages.map(({ name, folder }) => ({ name, folder })) }),
  };
}

/** The root project or one installed package: where its files are and how its folder config resolves. */
interface ProjectUnit {
  readonly name: string;
  /** Folder relative to the root project ('' for the root itself). */
  readonly folder: string;
  readonly paths: ProjectConfig['paths'];
  readonly packageName?: string;
  readonly folderConfig: (kind: 'models' | 'seeds' | 'snapshots' | 'tests', folders: readonly string[]) => NodeConfig;
}

function listFiles(root: string, unit: ProjectUnit, folders: readonly string[], pattern: string): string[] {
  const found = new Set<string>();
  for (const relative of folders) {
    const folder = unit.folder === '' ? relative : posix.join(unit.folder, relative);
    const matches = fg.sync(`${fg.escapePath(folder)}/${pattern}`, { cwd: root, onlyFiles: true, dot: false });
    for (const match of matches) found.add(match);
  }
  // Sorted, so ids, graph order and artifacts are the same on every machine.
  return [...found].sort();
}

function folderConfig(unit: ProjectUnit, kind: 'models' | 'seeds' | 'snapshots' | 'tests', path: string): NodeConfig {
  const root = unit.folder === '' ? unit.paths[kind] : posix.join(unit.folder, unit.paths[kind]);
  const relative = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  // dbt's config paths are the node's fqn: its folders, then its own name (`seeds: { raw_payments: {...} }`).
  const parts = relative.split('/');
  const fqn = kind === 'tests' || kind === 'snapshots' ? parts.slice(0, -1) : [...parts.slice(0, -1), parts.at(-1)!.replace(/\.[^.]+$/, '')];
  return unit.folderConfig(kind, fqn);
}

function indexProperties(entries: readonly NodeProperties[], kind: string, errors: TrevcoError[]): Map<string, NodeProperties> {
  const byName = new Map<string, NodeProperties>();
  for (const entry of entries) {
    const previous = byName.get(entry.name);
    if (previous) {
      errors.push(new ConfigError(`${kind} '${entry.name}' has properties in two places (also ${previous.file}:${previous.line})`, {
        file: entry.file,
        line: entry.line,
        hint: 'keep one entry per name',
      }));
      continue;
    }
    byName.set(entry.name, entry);
  }
  return byName;
}

function reportDuplicateNames(nodes: readonly { name: string; path: string }[], kind: string, errors: TrevcoError[]): void {
  const seen = new Map<string, string>();
  for (const node of nodes) {
    const first = seen.get(node.name);
    if (first === undefined) {
      seen.set(node.name, node.path);
      continue;
    }
    errors.push(new ConfigError(`two ${kind}s are named '${node.name}': ${first} and ${node.path}`, {
      file: node.path,
      hint: `${kind} names must be unique across folders because ref() uses the bare name; rename one file`,
    }));
  }
}

/** ref() takes a bare name, so a snapshot may not share one with a model or another snapshot. */
function reportSnapshotNameClashes(models: readonly ModelFile[], snapshots: readonly ModelFile[], errors: TrevcoError[]): void {
  const taken = new Map(models.map((model) => [model.name, `model ${model.path}`]));
  for (const snapshot of snapshots) {
    const first = taken.get(snapshot.name);
    if (first === undefined) {
      taken.set(snapshot.name, `snapshot in ${snapshot.path}`);
      continue;
    }
    errors.push(new ConfigError(`snapshot '${snapshot.name}' in ${snapshot.path} has the name of the ${first}`, {
      file: snapshot.path,
      hint: 'ref() uses the bare name, so models and snapshots need names of their own; rename one',
    }));
  }
}

function reportOrphanProperties(properties: ReadonlyMap<string, NodeProperties>, nodes: readonly { name: string }[], kind: string, errors: TrevcoError[]): void {
  const names = new Set(nodes.map((node) => node.name));
  for (const entry of properties.values()) {
    if (names.has(entry.name)) continue;
    errors.push(new ConfigError(`properties for ${kind} '${entry.name}', but there is no ${kind} of that name`, {
      file: entry.file,
      line: entry.line,
      hint: `check the name, or create the ${kind} file`,
    }));
  }
}

function readText(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

function collect(errors: TrevcoError[], error: unknown): void {
  if (error instanceof ErrorList) errors.push(...error.errors);
  else if (error instanceof ConfigError) errors.push(error);
  else throw error;
}
