import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { Session } from '../adapters/adapter.js';
import { getRelation } from '../adapters/relations.js';
import { SeedError } from '../errors/trevco-error.js';
import { quoteIdentifier, quoteRelation } from '../sql/quote.js';
import type { SeedFile } from './full-load.js';
import { SOURCE_FILE_COLUMN, type SeedJob } from './seed-job.js';

/**
 * A full load whose files hold no data row would replace a table that has rows with an empty one: a header-only
 * export (a failed extract upstream) would silently empty the table and everything built on it. Refused unless
 * the job allows empty files (`allow_empty: true`) or the load is a `--full-refresh`.
 */
export async function refuseEmptyReplacement(session: Session, job: SeedJob, files: readonly SeedFile[], rows: number, fullRefresh: boolean): Promise<void> {
  if (rows > 0 || job.allowEmpty || fullRefresh) return;
  const existing = await getRelation(session, job.schema, job.table);
  if (existing?.kind !== 'table') return;
  const held = await session.query(`select 1 from ${quoteRelation(job.schema, job.table)} limit 1`);
  if (held.rows.length === 0) return;
  const what = files.length === 1 ? `${files[0]!.displayPath} has no data rows (only a header)` : `none of the ${files.length} files (${files.map((f) => f.displayPath).join(', ')}) has a data row`;
  throw new SeedError(`${what}, and ${job.schema}.${job.table} has rows: loading it would empty the table, so nothing was loaded`, {
    file: files[0]!.displayPath,
    nodeId: job.nodeId,
    hint: `if the export is really empty, set allow_empty: true on the source${job.declaredAt ? ` (${job.declaredAt})` : ''}, or load with --full-refresh`,
  });
}

/**
 * The condition "some key column is NULL or empty". Only character columns can hold an empty string: other types
 * are tested for NULL alone, which spares a cast of every row (a third of the scan's cost).
 */
async function emptyKeyCondition(session: Session, relation: string, keys: readonly string[]): Promise<string> {
  const types = await session.query<{ name: string; type: string }>(
    `select attname as name, format_type(atttypid, null) as type from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped`,
    [relation],
  );
  const character = new Set(types.rows.filter((row) => /^(text|character varying|character|citext|name)$/.test(row.type)).map((row) => row.name));
  return keys.map((key) => (character.has(key) ? `(${quoteIdentifier(key)} is null or ${quoteIdentifier(key)} = '')` : `${quoteIdentifier(key)} is null`)).join(' or ');
}

/**
 * A CDC source's rows are merged by primary key; a row whose key is NULL or empty matches no stored row, so it
 * would be inserted again on every load. Such a row is an error naming its file and line (with
 * `--on-bad-rows quarantine` it never gets here: the validating reader sets it aside).
 */
export async function rejectEmptyKeys(session: Session, relation: string, job: SeedJob, files: readonly SeedFile[]): Promise<void> {
  const keys = job.primaryKey;
  if (!job.cdcColumn || !keys || keys.length === 0) return;
  const found = await session.query<{ file: string | null }>(
    `select ${quoteIdentifier(SOURCE_FILE_COLUMN)} as file from ${relation} where ${await emptyKeyCondition(session, relation, keys)} limit 1`,
  );
  if (found.rows.length === 0) return;
  const file = files.find((f) => f.displayPath === found.rows[0]!.file) ?? files[0]!;
  const located = await findEmptyKey(file, keys);
  const where = located ? `${file.displayPath}:${located.line}` : file.displayPath;
  throw new SeedError(`${where}: primary key column '${located?.column ?? keys.join(', ')}' is empty: a row without its key cannot be merged, so nothing was loaded`, {
    file: file.displayPath,
    line: located?.line,
    nodeId: job.nodeId,
    hint: `every row of a source with cdc_column and primary_key needs its key (${keys.join(', ')}); fix the export, or load with --on-bad-rows quarantine to set such rows aside`,
  });
}

/** Re-reads a file (only on the error path) for the first record with an empty key field, and its line. */
async function findEmptyKey(file: SeedFile, keys: readonly string[]): Promise<{ line: number; column: string } | undefined> {
  const positions = keys.map((key) => [key, file.header.indexOf(key)] as const).filter(([, index]) => index >= 0);
  const parser = createReadStream(file.file).pipe(parse({ bom: true, raw: true, relax_column_count: true }));
  let line = 1;
  let header = true;
  for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
    const start = line;
    line += (raw.replace(/\r?\n?$/, '').match(/\n/g)?.length ?? 0) + 1;
    if (header) {
      header = false;
      continue;
    }
    const empty = positions.find(([, index]) => (record[index] ?? '') === '');
    if (empty) {
      parser.destroy();
      return { line: start, column: empty[0] };
    }
  }
  return undefined;
}
