import { createReadStream } from 'node:fs';
import { startsWithBom } from './csv-byte-stream.js';

/** One CSV record found again in its file, for an error message. */
export interface LocatedRecord {
  /** 1-based physical line the record starts on. */
  readonly startLine: number;
  /** The record's text without its line end (cut at 4 KiB). */
  readonly text: string;
  /** The file ended inside a quoted field that opened in this record. */
  readonly unterminated: boolean;
}

const MAX_RECORD_BYTES = 4096;

/**
 * Finds the record that ends on physical line `endLine`. PostgreSQL's COPY numbers physical lines and reports the
 * line a record ends on (a quoted newline counts), so a multi-line record is reported by where it starts. This
 * re-reads the file once, only after an error, so the fast path keeps no per-record state.
 */
export async function locateRecord(file: string, endLine: number): Promise<LocatedRecord | undefined> {
  let line = 1;
  let inQuote = false;
  let startLine = 1;
  let record: number[] = [];
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    let buffer = chunk as Buffer;
    if (first && startsWithBom(buffer)) buffer = buffer.subarray(3);
    first = false;
    for (const byte of buffer) {
      if (byte === 0x22) inQuote = !inQuote;
      if (byte === 0x0a) {
        if (!inQuote) {
          if (line >= endLine) return { startLine, text: decode(record), unterminated: false };
          record = [];
          startLine = line + 1;
        } else if (record.length < MAX_RECORD_BYTES) record.push(byte);
        line++;
        continue;
      }
      if (record.length < MAX_RECORD_BYTES) record.push(byte);
    }
  }
  return record.length > 0 || inQuote ? { startLine, text: decode(record), unterminated: inQuote } : undefined;
}

function decode(bytes: number[]): string {
  return Buffer.from(bytes).toString('utf8').replace(/\r$/, '');
}

/** The fields of one CSV record with the 1-based character column each starts at. Tolerates a missing close quote. */
export function splitRecord(text: string): { value: string; column: number }[] {
  const fields: { value: string; column: number }[] = [];
  let i = 0;
  for (;;) {
    const column = i + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
    }
    while (i < text.length && text[i] !== ',') value += text[i++];
    fields.push({ value, column });
    if (i >= text.length) return fields;
    i++;
  }
}
