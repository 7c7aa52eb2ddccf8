import type { Adapter, Session } from '../adapters/adapter.js';
import { ensureSchema, getColumns } from '../adapters/relations.js';
import { SeedError } from '../errors/trevco-error.js';
import { quoteIdentifier, quoteLiteral, quoteRelation, suffixedIdentifier } from '../sql/quote.js';
import { checkColumns } from './check-columns.js';

import { renderDdl, mentionsThis } from './render-ddl.js';
import { LOADED_AT_COLUMN, SOURCE_FILE_COLUMN, type SeedJob } from './seed-job.js';
import { swapTable } from './swap-table.js';

/** One CSV file of a job with its checked header. */
export interface SeedFile {
  readonly file: string;
  readonly displayPath: string;
  readonly header: readonly string[];
}

/** Copies one file into a relation; `types` names each column's type for messages. Returns rows accepted. */
export type FileCopier = (
  session: Session,
  relation: string,
  file: SeedFile,
  types: ReadonlyMap<string, string>,
) => Promise<number>;

/**
 * Loads every file into a new staging table and swaps it in, all in one transaction: on any error the previous
 * table, its data and its views are untouched and no staging table is left. Column types come from the DDL when
 * there is one, else from `types` (one per header column).
 */
export async function fullLoad(
  adapter: Adapter,
  job: SeedJob,
  files: readonly SeedFile[],
  types: ReadonlyMap<string, string> | undefined,
  copyFile: FileCopier,
  beforeCommit?: (session: Session) => Promise<void>,
  /** Checks of the copied rows (still in the staging table) before they replace the table; a throw rolls back. */
  afterCopy?: (session: Session, relation: string, rows: number) => Promise<void>,
): Promise<number> {
  const staging = suffixedIdentifier(job.table, '__trevco_staging');
  const stagingRelation = quoteRelation(job.schema, staging);
  return adapter.transaction(async (session) => {
    await ensureSchema(session, job.schema);
    // A staging table left by a killed process would block this load.
    await session.execute(`drop table if exists ${stagingRelation} cascade`);
    await createStaging(session, job, files, types, staging);
    const columnTypes = new Map((await getColumns(session, job.schema, staging)).map((c) => [c.name, c.type]));
    let rows = 0;
    const metadata = job.metadataColumns !== false;
    for (const file of files) {
      // A default rather than a column in the CSV: COPY fills it per row at no parsing cost.
      if (metadata) {
        await session.execute(
          `alter table ${stagingRelation} alter column ${quoteIdentifier(SOURCE_FILE_COLUMN)} set default ${quoteLiteral(file.displayPath)}`,
        );
      }
      rows += await copyFile(session, stagingRelation, file, columnTypes);
    }
    if (metadata) {
      await session.execute(
        `alter table ${stagingRelation} alter column ${quoteIdentifier(LOADED_AT_COLUMN)} drop default,
           alter column ${quoteIdentifier(SOURCE_FILE_COLUMN)} drop default`,
      );
    }
    await afterCopy?.(session, stagingRelation, rows);
    await swapTable(session, job.schema, job.table, staging);
    await beforeCommit?.(session);
    return rows;
  });
}

async function createStaging(
  session: Session,
  job: SeedJob,
  files: readonly SeedFile[],
  types: ReadonlyMap<string, string> | undefined,
  staging: string,
): Promise<void> {
  const relation = quoteRelation(job.schema, staging);
  // now() is the transaction's start: one value for every row of this load.
  const metadata = job.metadataColumns === false ? [] : [
    `${quoteIdentifier(LOADED_AT_COLUMN)} timestamptz not null default now()`,
    `${quoteIdentifier(SOURCE_FILE_COLUMN)} text`,
  ];
  if (!job.ddl) {
    const columns = files[0]!.header.map((name) => `${quoteIdentifier(name)} ${types?.get(name) ?? 'text'}`);
    await session.execute(`create table ${relation} (${[...columns, ...metadata].join(', ')})`);
    return;
  }
  const { path, text } = job.ddl;
  if (!mentionsThis(text)) {
    throw new SeedError(`${path}: the DDL must create {{ this }} (e.g. create table {{ this }} (...))`, { file: path, nodeId: job.nodeId });
  }
  try {
    await session.execute(renderDdl(text, relation));
  } catch (error) {
    throw new SeedError(`${path}: the DDL failed: ${(error as Error).message}`, { file: path, nodeId: job.nodeId, cause: error });
  }
  const declared = (await getColumns(session, job.schema, staging)).map((c) => c.name);
  const dataColumns = declared.filter((name) => name !== LOADED_AT_COLUMN && name !== SOURCE_FILE_COLUMN);
  for (const file of files) checkColumns(file, dataColumns, `the DDL ${path}`, job.nodeId);
  const missing = metadata.filter((_, i) => !declared.includes([LOADED_AT_COLUMN, SOURCE_FILE_COLUMN][i]!));
  // A DDL's own metadata columns stay; a seed adds none.
  if (missing.length > 0) await session.execute(`alter table ${relation} ${missing.map((m) => `add column ${m}`).join(', ')}`);
}
