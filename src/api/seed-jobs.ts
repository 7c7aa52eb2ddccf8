import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import fg from 'fast-glob';
import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { SeedError } from '../errors/trevco-error.js';
import type { SeedJob } from '../seeds/seed-job.js';

/** The var that points source CSV globs at another export folder for one run (`--vars '{"csv_dir": "…"}'`). */
export const CSV_DIR_VAR = 'csv_dir';

/** Seeds and sources that name a CSV file can be loaded; other sources are loaded by someone else. */
export function isLoadable(node: { resourceType: string; table?: { csv?: string } }): boolean {
  return node.resourceType === 'seed' || (node.resourceType === 'source' && node.table?.csv !== undefined);
}

/** Turns a seed or CSV-backed source into a loading job: files found, DDL read, keys and types from config. */
export function seedJob(compiled: CompiledProject, node: SeedNode | SourceNode, csvDirOverride?: string): SeedJob {
  const root = compiled.project.config.root;
  const displayPath = (file: string): string => {
    const fromRoot = relative(root, file).replaceAll('\\', '/');
    return fromRoot.startsWith('..') ? file : fromRoot;
  };
  if (node.resourceType === 'seed') {
    const delimiter = node.config.delimiter;
    if (typeof delimiter === 'string' && delimiter !== ',') {
      // Refused rather than loaded wrong: header reading and type inference split on commas.
      throw new SeedError(`seed '${node.name}' sets delimiter '${delimiter}', which trevco does not support yet`, {
        file: node.path,
        nodeId: node.id,
        hint: 'convert the file to comma-separated values',
      });
    }
    // dbt seeds: exactly the CSV's columns; unquoted (lower-cased) names unless quote_columns is true. A trevco
    // project quotes names as written unless it says quote_columns: false.
    const fold = node.config.quote_columns === undefined ? compiled.project.config.dbt !== undefined : node.config.quote_columns === false;
    const columnTypes = node.config.column_types as Record<string, string> | undefined;
    return {
      nodeId: node.id,
      schema: node.relation.schema,
      table: node.relation.identifier,
      files: [node.absolutePath],
      displayPath,
      // column_types name columns as the CSV header writes them; folded names are looked up folded.
      columnTypes: fold && columnTypes ? Object.fromEntries(Object.entries(columnTypes).map(([name, type]) => [name.toLowerCase(), type])) : columnTypes,
      metadataColumns: false,
      foldColumnNames: fold,
      // A seed is a file under version control: emptying it is a reviewed change, loaded as dbt loads it.
      allowEmpty: true,
    };
  }
  const table = node.table;
  const csvDir = resolveCsvDir(compiled, csvDirOverride);
  const pattern = table.csv!;
  const files = fg.sync(pattern, { cwd: csvDir, absolute: true, onlyFiles: true }).sort();
  if (files.length === 0) {
    throw new SeedError(`source '${node.sourceName}.${node.name}' names CSV '${pattern}', but no file matches it in ${displayPath(csvDir)}`, {
      file: node.path,
      line: table.line,
      nodeId: node.id,
      hint: `check the csv: entry, or point the run at the export folder with --csv-dir (or --vars '{"${CSV_DIR_VAR}": "…"}')`,
    });
  }
  let ddl: SeedJob['ddl'];
  if (table.ddl) {
    const path = join(root, compiled.project.config.paths.sql, table.ddl);
    try {
      ddl = { path: displayPath(path), text: readFileSync(path, 'utf8') };
    } catch {
      throw new SeedError(`source '${node.sourceName}.${node.name}' names DDL '${table.ddl}', which does not exist under ${compiled.project.config.paths.sql}/`, {
        file: node.path,
        line: table.line,
        nodeId: node.id,
      });
    }
  }
  return {
    nodeId: node.id,
    schema: node.relation.schema,
    table: node.relation.identifier,
    files,
    displayPath,
    ddl,
    columnTypes: table.columnTypes,
    cdcColumn: table.cdcColumn,
    primaryKey: table.primaryKey,
    allowEmpty: table.allowEmpty,
    declaredAt: `${node.path}${table.line ? `:${table.line}` : ''} (sources.${node.sourceName}.tables.${node.name})`,
  };
}

function resolveCsvDir(compiled: CompiledProject, override: string | undefined): string {
  const fromVars = compiled.vars[CSV_DIR_VAR];
  const chosen = override ?? (typeof fromVars === 'string' && fromVars !== '' ? fromVars : undefined);
  const root = compiled.project.config.root;
  if (!chosen) return join(root, compiled.project.config.paths.csv);
  return isAbsolute(chosen) ? chosen : resolve(root, chosen);
}
