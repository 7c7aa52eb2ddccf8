import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { SeedError } from '../errors/trevco-error.js';
import { startsWithBom } from './csv-byte-stream.js';

/** The first record of a CSV file: its column names, checked. */
export interface CsvHeader {
  readonly columns: readonly string[];
  /** File size in bytes, for progress. */
  readonly size: number;
}

const HEADER_READ_BYTES = 1 << 20;

/**
 * Reads and checks the header line: the file must exist and not be empty, and every name must be present and
 * unique (PostgreSQL would otherwise fail later with a message that names no file).
 */
export async function readCsvHeader(file: string, displayPath: string, nodeId: string): Promise<CsvHeader> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SeedError(code === 'ENOENT' ? `${displayPath}: file not found` : `${displayPath}: cannot read: ${(error as Error).message}`, {
      file: displayPath,
      nodeId,
      cause: error,
    });
  }
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, HEADER_READ_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    let head = buffer.subarray(0, bytesRead);
    if (startsWithBom(head)) head = head.subarray(3);
    if (head.toString('utf8').trim() === '') {
      throw new SeedError(`${displayPath}: the file is empty (a CSV needs a header line)`, { file: displayPath, line: 1, nodeId });
    }
    const line = head.subarray(0, firstRecordEnd(head)).toString('utf8');
    return { columns: parseHeader(line, displayPath, nodeId), size };
  } finally {
    await handle.close();
  }
}

function parseHeader(line: string, displayPath: string, nodeId: string): string[] {
  let names: string[];
  try {
    names = (parse(line, { relax_quotes: false }) as string[][])[0] ?? [];
  } catch (error) {
    throw new SeedError(`${displayPath}:1: the header line is not valid CSV: ${(error as Error).message}`, { file: displayPath, line: 1, nodeId });
  }
  const seen = new Set<string>();
  names.forEach((name, index) => {
    const where = { file: displayPath, line: 1, nodeId };
    if (name.trim() === '') throw new SeedError(`${displayPath}:1: header column ${index + 1} has no name`, where);
    if (seen.has(name)) throw new SeedError(`${displayPath}:1: header column '${name}' appears twice`, where);
    seen.add(name);
  });
  return names;
}

/** The offset just past the first newline outside quotes (the header may quote a newline, however unwise). */
function firstRecordEnd(buffer: Buffer): number {
  let inQuote = false;
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === 0x22) inQuote = !inQuote;
    else if (buffer[i] === 0x0a && !inQuote) return i + 1;
  }
  return buffer.length;
}
