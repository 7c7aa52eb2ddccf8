import { createReadStream } from 'node:fs';
import { countNewlines } from './csv-boundary-tracker.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Whether a buffer starts with the UTF-8 byte order mark, which PostgreSQL's COPY would take as data. */
export function startsWithBom(buffer: Buffer): boolean {
  return buffer.length >= 3 && buffer.subarray(0, 3).equals(BOM);
}

/**
 * The bytes of a CSV file as they are read, with a leading UTF-8 BOM removed. `onBytes` hears of every buffer
 * (its size in file bytes and its newlines) for progress; nothing is parsed, so the fast path stays one native pass.
 */
export async function* csvByteStream(
  file: string,
  options: { readonly onBytes?: (bytes: number, newlines: number) => void; readonly readBytes?: number } = {},
): AsyncGenerator<Buffer> {
  const { onBytes, readBytes = 1 << 20 } = options;
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: readBytes })) {
    let buffer = chunk as Buffer;
    const bytes = buffer.length;
    if (first) {
      first = false;
      if (startsWithBom(buffer)) buffer = buffer.subarray(3);
    }
    onBytes?.(bytes, countNewlines(buffer));
    if (buffer.length > 0) yield buffer;
  }
}
