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
