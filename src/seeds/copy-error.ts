import { DatabaseError, SeedError } from '../errors/trevco-error.js';
import { locateRecord, splitRecord } from './locate-record.js';

/** The file being copied, and what its columns are, so a COPY error can be told in the file's terms. */
export interface CopyContext {
  readonly file: string;
  readonly displayPath: string;
  readonly nodeId: string;
  /** The header's column names, in file order. */
  readonly header: readonly string[];
  /** Column name → declared type, as `format_type` prints it (e.g. `numeric(12,2)`). */
  readonly types: ReadonlyMap<string, string>;
  /** Columns that must hold a value (a CDC source's primary key): an empty one makes the row bad. */
  readonly requiredColumns?: readonly string[];
}

/** A value that does not fit its column's type. The loader widens an inferred column on this and retries. */
export class SeedValueError extends SeedError {
  constructor(
    message: string,
    options: ConstructorParameters<typeof SeedError>[1],
    readonly columnName: string,
    readonly value: string,
  ) {
    super(message, options);
  }
}

interface ServerFields {
  readonly message?: string;
  readonly code?: string;
  readonly where?: string;
}

// `COPY orders, line 1043, column subtotal_usd: "abc"` or `COPY orders, line 3: "2,b,2,9"` or `COPY orders, line 3`.
const WHERE = /\bCOPY .*?, line (\d+)(?:, column (.+?)(?:: "([\s\S]*)")?)?(?::|$)/;

/**
 * Turns PostgreSQL's COPY error into a SeedError naming the file, the line, the column and the value. `lineOffset`
 * is the number of file lines before the bytes this COPY read (non-zero for the later chunks on PGlite).
 * Errors that are not about the data are returned unchanged.
 */
export async function copyErrorToSeedError(error: unknown, context: CopyContext, lineOffset: number): Promise<unknown> {
  const fields = (error instanceof DatabaseError ? error.cause : error) as ServerFields | undefined;
  const match = fields?.where ? WHERE.exec(fields.where) : null;
  if (!fields || !match) return error;
  const { displayPath: path, nodeId } = context;
  const endLine = lineOffset + Number(match[1]);
  const record = await locateRecord(context.file, endLine);
  const line = record?.startLine ?? endLine;
  const cells = record ? splitRecord(record.text) : [];
  const at = (column?: number) => ({ file: path, line, column, nodeId, cause: error });
  const message = fields.message ?? 'COPY failed';

  if (record?.unterminated || /unterminated CSV quoted field/.test(message)) {
    return new SeedError(`${path}:${line}: unterminated quoted field: a quote opened on this line is never closed`, {
      ...at(),
      hint: 'close the quote, or double a quote that is part of the value ("")',
    });
  }
  if (fields.code === '22021' || /invalid byte sequence/.test(message)) {
    const bytes = /: (0x[0-9a-f ]+)/i.exec(message)?.[1] ?? '';
    return new SeedError(`${path}:${line}: invalid UTF-8${bytes ? ` (bytes ${bytes.trim()})` : ''}`, {
      ...at(),
      hint: 'save the file as UTF-8',
    });
  }
  if (/extra data after last expected column/.test(message)) {
    const extra = cells[context.header.length];
    return new SeedError(`${path}:${line}: row has ${cells.length} fields, the header has ${context.header.length}`, at(extra?.column));
  }
  const missing = /missing data for column "(.*)"/.exec(message);
  if (missing) {
    return new SeedError(
      `${path}:${line}: row has ${cells.length} field${cells.length === 1 ? '' : 's'}, the header has ${context.header.length} (no value for column '${missing[1]}')`,
      at(),
    );
  }
  const columnName = match[2];
  if (columnName !== undefined && match[3] !== undefined) {
    const index = context.header.indexOf(columnName);
    const type = context.types.get(columnName) ?? 'its type';
    return new SeedValueError(
      `${path}:${line}: column '${columnName}' expects ${type}, found '${match[3]}'`,
      { ...at(cells[index]?.column), hint: message },
      columnName,
      match[3],
    );
  }
  return new SeedError(`${path}:${line}: ${message}${columnName ? ` (column '${columnName}')` : ''}`, at());
}
