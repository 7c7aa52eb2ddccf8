import { TrevcoError, type TrevcoErrorOptions } from '../../errors/trevco-error.js';

/**
 * A snapshot run refused to write: the query's keys are not unique, a column its config names is missing, or the
 * relation is not a snapshot table. Nothing was changed. A failed node (exit code 1), not bad usage: the same
 * project works once the data or the query is fixed.
 */
export class SnapshotError extends TrevcoError {
  constructor(message: string, options: TrevcoErrorOptions = {}) {
    super('SNAPSHOT', message, options);
  }
  override get isUsageError(): boolean {
    return false;
  }
}

/** The query returned duplicate or NULL keys (rows of the plan's key check): names a few of them. */
export function duplicateKeyError(
  node: { readonly id: string; readonly name: string; readonly path: string; readonly snapshot: { readonly uniqueKey: readonly string[] }; readonly configLocations: Readonly<Record<string, { readonly file: string; readonly line?: number; readonly column?: number }>> },
  rule: string,
  rows: readonly Readonly<Record<string, unknown>>[],
): SnapshotError {
  const keys = node.snapshot.uniqueKey;
  const examples = rows.map((row) => `${keys.map((key) => `${key}=${row[key] === null ? 'NULL' : String(row[key])}`).join(', ')} (${String(row.copies)} row${row.copies === 1 ? '' : 's'})`);
  return new SnapshotError(`snapshot '${node.name}': ${rule}; found ${examples.join('; ')}. Nothing was changed`, {
    ...(node.configLocations.unique_key ?? { file: node.path }),
    nodeId: node.id,
    hint: 'deduplicate the query (e.g. the latest row per key), or choose a unique_key that identifies a row',
  });
}
