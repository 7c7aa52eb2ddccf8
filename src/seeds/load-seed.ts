import type { Adapter, Session } from '../adapters/adapter.js';
import { getRelation } from '../adapters/relations.js';
import { SeedError } from '../errors/trevco-error.js';
import { copyCsvFile } from './copy-csv-file.js';
import { SeedValueError } from './copy-error.js';
import { fullLoad, type FileCopier, type SeedFile } from './full-load.js';
import { incrementalLoad } from './incremental-load.js';
import { refuseEmptyReplacement, rejectEmptyKeys } from './load-guards.js';
import { inferColumnTypes } from './infer-column-types.js';
import { typeOfValue, widerType, type InferredType } from './inferred-type.js';
import { readCsvHeader } from './read-csv-header.js';
import type { SeedJob, SeedOptions, SeedResult } from './seed-job.js';
import { SeedProgressCounter } from './seed-progress.js';
import { validatedCsvSource, type BadRow } from './validated-csv-source.js';
import { writeQuarantine } from './write-quarantine.js';

/** Inferred columns widened from COPY errors at most this often before giving up. */
const MAX_WIDENINGS = 32;

/**
 * Loads a job's CSV files into its table and reports what happened. A full load replaces the table atomically
 * (dependent views are recreated); an incremental load merges by primary key and CDC column. Bad input raises a
 * SeedError naming the file, line and column, and leaves the table as it was.
 */
export async function loadSeed(adapter: Adapter, job: SeedJob, options: SeedOptions = {}): Promise<SeedResult> {
  if (job.files.length === 0) throw new SeedError(`${job.nodeId}: no CSV file to load`, { nodeId: job.nodeId });
  const files = await readFiles(job);
  const totalBytes = files.reduce((sum, f) => sum + f.size, 0);
  const progress = new SeedProgressCounter(totalBytes, options.onProgress);
  const quarantine = options.onBadRows === 'quarantine';
  const badRows: BadRow[] = [];
  // A CDC source merges by key: a row without one is bad input (quarantine sets it aside while reading).
  const requiredColumns = job.cdcColumn && job.primaryKey ? job.primaryKey : [];
  const checkKeys = (session: Session, relation: string) => (quarantine ? Promise.resolve() : rejectEmptyKeys(session, relation, job, files));
  const afterFullCopy = async (session: Session, relation: string, rows: number) => {
    await checkKeys(session, relation);
    await refuseEmptyReplacement(session, job, files, rows, Boolean(options.fullRefresh));
  };
  const copyFile: FileCopier = (session, relation, file, types) => {
    progress.startFile();
    const context = { file: file.file, displayPath: file.displayPath, nodeId: job.nodeId, header: file.header, types, requiredColumns };
    return copyCsvFile(session, {
      inChunks: adapter.capabilities.copyBuffersInput,
      relation,
      context,
      source: quarantine ? validatedCsvSource(context, badRows) : undefined,
      pgliteChunkBytes: options.pgliteChunkBytes,
      onBytes: progress.onBytes,
    });
  };
  let quarantineTable: string | undefined;
  const beforeCommit = quarantine
    ? async (session: Session) => {
        quarantineTable = await writeQuarantine(session, job.schema, job.table, badRows);
      }
    : undefined;
  const outcome = () => (quarantine ? { quarantined: badRows.length, quarantineTable } : { quarantined: 0 });

  const { cdcColumn, primaryKey } = job;
  const exists = options.incremental && cdcColumn && primaryKey && primaryKey.length > 0
    ? (await getRelation(adapter, job.schema, job.table))?.kind === 'table'
    : false;
  if (exists && cdcColumn && primaryKey) {
    const window = options.runDate !== undefined
      ? { runDate: options.runDate, lookbackDays: options.lookbackDays ?? 0 }
      : undefined;
    const counts = await incrementalLoad(adapter, { ...job, cdcColumn, primaryKey }, files, window, copyFile, beforeCommit, checkKeys);
    progress.finish(counts.rowsLoaded);
    return { ...counts, ...outcome(), mode: 'incremental' };
  }

  // Quarantine mode reads every row anyway, so it infers from every row too: only declared types can reject values.
  const inference = quarantine ? { ...options, inferenceSampleBytes: Number.MAX_SAFE_INTEGER } : options;
  const rowsLoaded = job.ddl
    ? await fullLoad(adapter, job, files, undefined, copyFile, beforeCommit, afterFullCopy)
    : await fullLoadWidening(adapter, job, files, await resolveTypes(job, files, inference), copyFile, beforeCommit, afterFullCopy, () => {
        progress.restart();
        badRows.length = 0;
      });
  progress.finish(rowsLoaded);
  return { rowsLoaded, ...outcome(), mode: 'full' };
}

interface SizedSeedFile extends SeedFile {
  readonly size: number;
}

async function readFiles(job: SeedJob): Promise<SizedSeedFile[]> {
  const files: SizedSeedFile[] = [];
  for (const file of job.files) {
    const displayPath = job.displayPath(file);
    const { columns, size } = await readCsvHeader(file, displayPath, job.nodeId);
    // COPY maps fields to columns by position (the header line is skipped), so renamed columns load the same.
    files.push({ file, displayPath, header: job.foldColumnNames ? columns.map((name) => name.toLowerCase()) : columns, size });
  }
  // Without a DDL the first file defines the table, and every other file must agree with it.
  const [first, ...rest] = files;
  for (const file of rest) {
    const same = file.header.length === first!.header.length && file.header.every((n) => first!.header.includes(n));
    if (!same) {
      throw new SeedError(`${file.displayPath}:1: the header differs from ${first!.displayPath}'s: files loaded into one table need the same columns`, {
        file: file.displayPath,
        line: 1,
        nodeId: job.nodeId,
      });
    }
  }
  return files;
}

/** Declared types (columnTypes) win; the other columns are inferred. */
async function resolveTypes(job: SeedJob, files: readonly SeedFile[], options: SeedOptions): Promise<ColumnPlan> {
  const header = files[0]!.header;
  const declared = new Map(Object.entries(job.columnTypes ?? {}));
  const undeclared = header.filter((name) => !declared.has(name));
  const inferred = undeclared.length > 0
    ? await inferColumnTypes(files.map((f) => f.file), header, options.inferenceSampleBytes)
    : new Map<string, InferredType>();
  return { declared, inferred: new Map(undeclared.map((name) => [name, inferred.get(name) ?? 'text'])) };
}

interface ColumnPlan {
  readonly declared: ReadonlyMap<string, string>;
  readonly inferred: Map<string, InferredType>;
}

/**
 * A full load whose inferred columns may be wrong when inference only saw a sample: a value COPY rejects in an
 * inferred column widens that column (to a type holding both) and the load runs again. A declared column's bad
 * value is the user's error and is reported.
 */
async function fullLoadWidening(
  adapter: Adapter,
  job: SeedJob,
  files: readonly SeedFile[],
  plan: ColumnPlan,
  copyFile: FileCopier,
  beforeCommit: ((session: Session) => Promise<void>) | undefined,
  afterCopy: (session: Session, relation: string, rows: number) => Promise<void>,
  onRetry: () => void,
): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const types = new Map<string, string>([...plan.inferred, ...plan.declared]);
    try {
      return await fullLoad(adapter, job, files, types, copyFile, beforeCommit, afterCopy);
    } catch (error) {
      const current = error instanceof SeedValueError ? plan.inferred.get(error.columnName) : undefined;
      if (!(error instanceof SeedValueError) || current === undefined || attempt >= MAX_WIDENINGS) throw error;
      const wider = widerType(current, typeOfValue(error.value));
      plan.inferred.set(error.columnName, wider === current ? 'text' : wider);
      onRetry();
    }
  }
}
