import { ErrorList, TrevcoError } from '../errors/index.js';

/** Adds a thrown compile problem (or a list of them) to the collected ones; anything else is a bug and rethrown. */
export function collectError(errors: TrevcoError[], error: unknown): void {
  if (error instanceof ErrorList) errors.push(...error.errors);
  else if (error instanceof TrevcoError) errors.push(error);
  else throw error;
}
