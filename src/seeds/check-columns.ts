import { SeedError } from '../errors/trevco-error.js';

/** A CSV file's name for messages and its header (full-load's SeedFile is one). */
export interface CheckedFile {
  readonly displayPath: string;
  readonly header: readonly string[];
}

/**
 * Fails unless a file's header names exactly the expected columns (in any order: COPY takes the header's order).
 * The message says which are missing and which are extra.
 */
export function checkColumns(file: CheckedFile, expected: readonly string[], expectedBy: string, nodeId: string, hint?: string): void {
  const header = new Set(file.header);
  const wanted = new Set(expected);
  const missing = expected.filter((name) => !header.has(name));
  const extra = file.header.filter((name) => !wanted.has(name));
  if (missing.length === 0 && extra.length === 0) return;
  const parts = [
    missing.length > 0 ? `missing ${missing.map((n) => `'${n}'`).join(', ')}` : '',
    extra.length > 0 ? `extra ${extra.map((n) => `'${n}'`).join(', ')}` : '',
  ].filter(Boolean);
  throw new SeedError(`${file.displayPath}:1: the header does not match ${expectedBy}: ${parts.join('; ')}`, {
    file: file.displayPath,
    line: 1,
    nodeId,
    hint,
  });
}
