import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { SeedError } from '../errors/trevco-error.js';
import type { CopyContext } from './copy-error.js';
import { validatorFor } from './value-validator.js';

/** A row kept out of the table, with why. */
export interface BadRow {
  readonly file: string;
  /** 1-based physical line the row starts on. */
  readonly line: number;
  /** The row as written (without its line end). */
  readonly raw: string;
  readonly reason: string;
}

/**
 * The slow, forgiving path for `onBadRows: 'quarantine'`: parses the file in Node (csv-parse, streaming), checks the
 * field count and every value against its column's type, and yields the header and the good rows exactly as
 * written, for COPY. Bad rows go to `bad`. An unterminated quote still fails: after it nothing can be trusted.
 */
export async function* validatedCsvSource(context: CopyContext, bad: BadRow[], onRow?: () => void): AsyncGenerator<Buffer> {
  const validators = context.header.map((name) => validatorFor(context.types.get(name) ?? 'text'));
  const parser = createReadStream(context.file).pipe(
    parse({ bom: true, raw: true, relax_column_count: true, skip_records_with_error: false }),
  );
  let line = 1;
  let header = true;
  try {
    for await (const { record, raw: rawWithEnd } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
      // csv-parse's raw keeps part of the line end ("\n" after LF, "\r" after CRLF): drop it, COPY gets LF.
      const raw = rawWithEnd.replace(/\r?\n?$/, '');
      const start = line;
      line += countNewlines(raw) + 1;
      if (header) {
        header = false;
        yield Buffer.from(`${raw}\n`);
        continue;
      }
      const reason = problemWith(record, raw, context, validators);
      if (reason) {
        bad.push({ file: context.displayPath, line: start, raw, reason });
        continue;
      }
      onRow?.();
      yield Buffer.from(`${raw}\n`);
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const what = code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'unterminated quoted field: a quote opened on this line is never closed'
      : (error as Error).message;
    throw new SeedError(`${context.displayPath}:${line}: ${what}`, { file: context.displayPath, line, nodeId: context.nodeId, cause: error });
  }
}

function problemWith(
  record: readonly string[],
  raw: string,
  context: CopyContext,
  validators: readonly (((value: string) => string | undefined) | undefined)[],
): string | undefined {
  if (record.length !== context.header.length) {
    return `row has ${record.length} fields, the header has ${context.header.length}`;
  }
  // csv-parse decodes invalid UTF-8 as U+FFFD; COPY would refuse the original bytes.
  if (raw.includes('\uFFFD')) return 'invalid UTF-8';
  for (let i = 0; i < record.length; i++) {
    const value = record[i]!;
    if (value === '' && context.requiredColumns?.includes(context.header[i]!)) return `primary key column '${context.header[i]}' is empty`;
    if (value === '') continue; // NULL
    const reason = validators[i]?.(value);
    if (reason) return `column '${context.header[i]}' expects ${context.types.get(context.header[i]!)}, found '${value}' (${reason})`;
  }
  return undefined;
}

function countNewlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
