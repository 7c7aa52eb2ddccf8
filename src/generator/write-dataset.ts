import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { csvHeader, csvLine } from './csv.js';
import { TABLE_NAMES, TABLE_SPECS } from './table-specs.js';
import type { Dataset, TableName, TableRows } from './rows.js';
import type { TableSpec } from './table-specs.js';

/** Rows are gathered into chunks of about this many characters before they are handed to the stream. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Writes the seven files of a data set into `dir` (created when missing), one `<table>.csv` each, and returns their
 * paths. Files are streamed, so memory stays flat however large the data set is.
 */
export async function writeDataset(dataset: Dataset, dir: string): Promise<readonly string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const name of TABLE_NAMES) {
    const path = join(dir, TABLE_SPECS[name].file);
    await writeTable(TABLE_SPECS[name], dataset[name], path);
    paths.push(path);
  }
  return paths;
}

/** Streams one table to `path`, waiting for the stream to drain so large files never pile up in memory. */
export async function writeTable<T extends TableName>(
  spec: TableSpec<T>,
  rows: readonly TableRows[T][],
  path: string,
): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.on('finish', resolve);
  });
  let chunk = `${csvHeader(spec)}\n`;
  for (const row of rows) {
    chunk += `${csvLine(spec, row)}\n`;
    if (chunk.length >= CHUNK_CHARS) {
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), finished]);
      chunk = '';
    }
  }
  stream.end(chunk);
  await finished;
}
