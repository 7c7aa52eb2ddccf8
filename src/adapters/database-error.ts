import { DatabaseError } from '../errors/trevco-error.js';
import { isConnectionLoss } from './connection-loss.js';

/** The fields both pg and PGlite put on a server error (they share the wire protocol's ErrorResponse). */
interface ServerErrorFields {
  message?: string;
  code?: string;
  position?: string | number;
  detail?: string;
  hint?: string;
  where?: string;
}

/**
 * Turns a driver error into a DatabaseError. `position` (1-based character offset into the statement, from
 * PostgreSQL) is converted to a line and column of `sql`, so the caller can point at the compiled file.
 */
export function toDatabaseError(error: unknown, sql?: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as ServerErrorFields;
  const said = fields.message ?? String(error);
  const message = isConnectionLoss(error) ? `lost the connection to the database: ${said}` : said;
  const position = fields.position === undefined ? undefined : Number(fields.position);
  const location = sql !== undefined && position !== undefined && Number.isFinite(position)
    ? lineAndColumn(sql, position)
    : undefined;
  const details = [fields.detail, fields.where].filter((part): part is string => Boolean(part));
  return new DatabaseError(details.length > 0 ? `${message}\n${details.join('\n')}` : message, {
    sql,
    sqlState: fields.code,
    line: location?.line,
    column: location?.column,
    hint: fields.hint,
    cause: error,
  });
}

/** 1-based line and column of a 1-based character offset. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position - 1));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
