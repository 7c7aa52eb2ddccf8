import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import fg from 'fast-glob';
import { loadProjectConfig, mergeNodeConfig, resolveFolderConfig, type LoadProjectConfigOptions } from '../config/index.js';
import { loadPropertiesFile } from '../config/index.js';
import type { NodeConfig, ProjectConfig } from '../config/project-config.js';
import type { NodeProperties, PropertiesFile } from '../config/properties.js';
import { ConfigError, ErrorList, type TrevcoError } from '../errors/trevco-error.js';
import type { MacroFile, ModelFile, Project, SeedFile, SingularTestFile } from './project.js';

export type LoadProjectOptions = LoadProjectConfigOptions;

/** Folder under tests/ whose SQL files are custom generic tests (`{% test %}` blocks), as in dbt. */
const GENERIC_TESTS_FOLDER = 'generic';

/**
 * Reads project.yml and discovers models, macros, seeds, singular tests and properties files.
 * Every problem is collected and thrown together.
 */
export function loadProject(root: string, options: LoadProjectOptions = {}): Project {
  const config = loadProjectConfig(root, { ...options, vars: options.vars ? { ...options.vars } : undefined });
  const errors: TrevcoError[] = [];

  const propertiesFiles: PropertiesFile[] = [];
  for (const path of listFiles(config, [config.paths.models, config.paths.seeds], '**/*.{yml,yaml}')) {
    try {
      propertiesFiles.push(loadPropertiesFile(config.root, path));
    } catch (error) {
      collect(errors, error);
    }
  }
  const modelProperties = indexProperties(propertiesFiles.flatMap((file) => file.models), 'model', errors);
  const seedProperties = indexProperties(propertiesFiles.flatMap((file) => file.seeds), 'seed', errors);

  const models = listFiles(config, [config.paths.models], '**/*.sql').map((path): ModelFile => {
    const name = posix.basename(path, '.sql');
    const rawSql = readText(config.root, path);
    const properties = modelProperties.get(name);
    return {
      id: `model.${config.name}.${name}`,
      name,
      path,
      absolutePath: join(config.root, path),
      rawSql,
      checksum: sha256(rawSql),
      config: mergeNodeConfig(folderConfig(config, 'models', path), properties?.config ?? {}),
      properties,
    };
  });
  reportDuplicateNames(models, 'model', errors);
  reportOrphanProperties(modelProperties, models, 'model', errors);

  const seeds = listFiles(config, [config.paths.seeds], '**/*.csv').map((path): SeedFile => {
    const name = posix.basename(path, '.csv');
    const properties = seedProperties.get(name);
    const absolutePath = join(config.root, path);
    return {
      id: `seed.${config.name}.${name}`,
      name,
      path,
      absolutePath,
      checksum: sha256(readFileSync(absolutePath)),
      config: mergeNodeConfig(folderConfig(config, 'seeds', path), properties?.config ?? {}),
      properties,
    };
  });
  reportDuplicateNames(seeds, 'seed', errors);
  reportOrphanProperties(seedProperties, seeds, 'seed', errors);

  const genericTestsFolder = posix.join(config.paths.tests, GENERIC_TESTS_FOLDER);
  const macros: MacroFile[] = listFiles(config, [config.paths.macros, genericTestsFolder], '**/*.sql').map((path) => ({
    path,
    source: readText(config.root, path),
    packageName: config.name,
  }));

  const singularTests = listFiles(config, [config.paths.tests], '**/*.sql')
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
        config: folderConfig(config, 'tests', path),
      };
    });

  ErrorList.throwIfAny(errors);
  const warnings = [...(config.warnings ?? []), ...propertiesFiles.flatMap((file) => file.warnings ?? [])];
  return {
    config: warnings.length > 0 ? { ...config, warnings } : config,
    models,
    macros,
    seeds,
    sources: [...config.sources, ...propertiesFiles.flatMap((file) => file.sources)],
    singularTests,
    propertiesFiles,
  };
}

function listFiles(config: ProjectConfig, folders: readonly string[], pattern: string): string[] {
  const found = new Set<string>();
  for (const folder of folders) {
    const matches = fg.sync(`${fg.escapePath(folder)}/${pattern}`, { cwd: config.root, onlyFiles: true, dot: false });
    for (const match of matches) found.add(match);
  }
  // Sorted, so ids, graph order and artifacts are the same on every machine.
  return [...found].sort();
}

function folderConfig(config: ProjectConfig, kind: 'models' | 'seeds' | 'tests', path: string): NodeConfig {
  const root = config.paths[kind];
  const relative = path.startsWith(`${root}/`) ? path.slice(root.length + 1) : path;
  const folders = relative.split('/').slice(0, -1);
  return resolveFolderConfig(config[kind], folders);
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
