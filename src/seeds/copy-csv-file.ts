import { Readable } from 'node:stream';
import type { Session } from '../adapters/adapter.js';
import { quoteIdentifier } from '../sql/quote.js';
import { CsvBoundaryTracker, countNewlines } from './csv-boundary-tracker.js';
import { csvByteStream } from './csv-byte-stream.js';
import { copyErrorToSeedError, type CopyContext } from './copy-error.js';

/** The default size of one COPY on PGlite: small pieces keep the copies Node and PGlite make of each small too (measured: 1 MiB was also the fastest). */
export const DEFAULT_PGLITE_CHUNK_BYTES = 1 << 20;

export interface CopyCsvFileOptions {
  /** The adapter's COPY buffers its whole input (its `copyBuffersInput` capability): send record-aligned chunks. */
  readonly inChunks: boolean;
  /** The quoted relation to copy into. */
  readonly relation: string;
  readonly context: CopyContext;
  readonly pgliteChunkBytes?: number;
  /** The bytes to copy (header first) instead of the file's own, e.g. only its valid rows. */
  readonly source?: AsyncIterable<Buffer>;
  /** Hears of every buffer read: its size in file bytes and its newlines. */
  readonly onBytes?: (bytes: number, newlines: number) => void;
}

/**
 * Streams one CSV file into `COPY … FROM STDIN (FORMAT csv, HEADER)` and returns the rows copied. PostgreSQL parses
 * and type-checks the CSV; Node only moves bytes. PGlite's COPY buffers its whole input, so there the file goes in
 * chunks cut at record boundaries (the header only in the first), keeping memory flat; the caller's transaction
 * makes the chunks one load. A COPY error becomes a SeedError pointing at the file's line.
 */
export async function copyCsvFile(session: Session, options: CopyCsvFileOptions): Promise<number> {
  const { context } = options;
  const columns = context.header.map(quoteIdentifier).join(', ');
  const statement = (header: boolean) =>
    `copy ${options.relation} (${columns}) from stdin with (format csv, header ${header})`;

  if (!options.inChunks) {
    try {
      const source = options.source ?? csvByteStream(context.file, { onBytes: options.onBytes });
      return await session.copyFrom(statement(true), Readable.from(source));
    } catch (error) {
      throw await copyErrorToSeedError(error, context, 0);
    }
  }

  const chunkBytes = options.pgliteChunkBytes ?? DEFAULT_PGLITE_CHUNK_BYTES;
  const source = options.source ?? csvByteStream(context.file, { onBytes: options.onBytes, readBytes: Math.min(chunkBytes, 1 << 20) });
  let rows = 0;
  let lineOffset = 0;
  let first = true;
  for await (const chunk of recordChunks(source, chunkBytes)) {
    try {
      rows += await session.copyFrom(statement(first), Readable.from([chunk]));
    } catch (error) {
      throw await copyErrorToSeedError(error, context, lineOffset);
    }
    first = false;
    lineOffset += countNewlines(chunk);
  }
  return rows;
}

/** Regroups a byte stream into chunks of at least `chunkBytes` that end on a record boundary (the last may not). */
export async function* recordChunks(source: AsyncIterable<Buffer>, chunkBytes: number): AsyncGenerator<Buffer> {
  const tracker = new CsvBoundaryTracker();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let boundary = -1;
  for await (const buffer of source) {
    const end = tracker.feed(buffer);
    if (end !== -1) boundary = pendingBytes + end;
    pending.push(buffer);
    pendingBytes += buffer.length;
    if (pendingBytes >= chunkBytes && boundary > 0) {
      const all = Buffer.concat(pending);
      yield all.subarray(0, boundary);
      const rest = all.subarray(boundary);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
      boundary = -1;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
