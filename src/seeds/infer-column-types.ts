import { createReadStream, statSync } from 'node:fs';
import { parse } from 'csv-parse';
import { typeOfValue, widerType, type InferredType } from './inferred-type.js';

/** The default bytes of each file read for inference: seeds are read whole, big source files are sampled. */
export const DEFAULT_INFERENCE_SAMPLE_BYTES = 1 << 20;

/**
 * Infers a type per header column from the first `sampleBytes` of each file (streamed through csv-parse, so
 * memory stays flat). Empty fields are NULL and say nothing; a column with no value is text. A sample can miss a
 * later value: the loader then widens that column from COPY's error and retries, never truncating.
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
  const stream = createReadStream(file, { end: sampleBytes - 1 });
  const truncated = statSync(file).size > sampleBytes;
  const parser = stream.pipe(parse({ bom: true, from_line: 2, relax_column_count: true, skip_empty_lines: true }));
  // Held back one record: when the sample was cut, the last record may be cut mid-value (`2025-0`).
  let previous: string[] | undefined;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (previous) observe(previous, found);
      previous = record;
    }
    if (previous && !truncated) observe(previous, found);
  } catch {
    // Malformed or cut inside a quote: keep what was seen (see above).
  } finally {
    stream.destroy();
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
