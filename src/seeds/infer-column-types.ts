import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { scanCsvRecords } from './csv-record-scanner.js';
import { typeOfValue, widerType, type InferredType } from './inferred-type.js';

/** The default bytes of each file read for inference: seeds are read whole, big source files are sampled. */
export const DEFAULT_INFERENCE_SAMPLE_BYTES = 1 << 20;

const READ_BYTES = 1 << 20;

/**
 * Infers a type per header column from the first `sampleBytes` of each file (read in pieces of 1 MiB, so memory
 * stays flat). Empty fields are NULL and say nothing; a column with no value is text. A sample can miss a later
 * value: the loader then widens that column from COPY's error and retries, never truncating.
 *
 * Malformed CSV stops inference quietly: COPY meets the same bytes and reports them with file and line.
 */
export async function inferColumnTypes(
  files: readonly string[],
  columns: readonly string[],
  sampleBytes = DEFAULT_INFERENCE_SAMPLE_BYTES,
): Promise<Map<string, InferredType>> {
  const found: (InferredType | undefined)[] = columns.map(() => undefined);
  for (const file of files) await inferFile(file, sampleBytes, found);
  return new Map(columns.map((name, index) => [name, found[index] ?? 'text']));
}

async function inferFile(file: string, sampleBytes: number, found: (InferredType | undefined)[]): Promise<void> {
  const handle = await open(file, 'r');
  try {
    const truncated = (await handle.stat()).size > sampleBytes;
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.allocUnsafe(Math.min(READ_BYTES, sampleBytes));
    let carry = '';
    let read = 0;
    let header = true;
    // Held back one record: when the sample was cut, the last record may be cut mid-value (`2025-0`).
    let previous: string[] | undefined;
    const onRecord = (record: string[]) => {
      if (header) {
        header = false;
        return;
      }
      if (previous) observe(previous, found);
      previous = record;
    };
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, sampleBytes - read), read);
      read += bytesRead;
      const final = bytesRead === 0 || read >= sampleBytes;
      let text = carry + decoder.write(buffer.subarray(0, bytesRead));
      if (final) text += decoder.end();
      if (read === bytesRead && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      const end = scanCsvRecords(text, final, onRecord);
      // Malformed or cut inside a quote: keep what was seen (see above).
      if (end === 'malformed') return;
      if (final) break;
      carry = text.slice(end);
    }
    if (previous && !truncated) observe(previous, found);
  } finally {
    await handle.close();
  }
}

function observe(record: readonly string[], found: (InferredType | undefined)[]): void {
  const n = Math.min(record.length, found.length);
  for (let i = 0; i < n; i++) {
    const value = record[i]!;
    if (value === '' || found[i] === 'text') continue;
    found[i] = widerType(found[i], typeOfValue(value));
  }
}
