import type { Adapter, Session } from '../adapters/adapter.js';
import { DatabaseError, TrevcoError } from '../errors/trevco-error.js';

/**
 * `adapter.transaction`, but an error the work raised itself (a SeedError) comes out as it went in: the PGlite
 * adapter wraps whatever escapes its transaction in a DatabaseError.
 */
export async function inTransaction<T>(adapter: Adapter, work: (session: Session) => Promise<T>): Promise<T> {
  try {
    return await adapter.transaction(work);
  } catch (error) {
    if (error instanceof DatabaseError && error.cause instanceof TrevcoError) throw error.cause;
    throw error;
  }
}
