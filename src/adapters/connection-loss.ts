/** SQLSTATEs and socket errors that mean the session is gone (server shut down, backend terminated, network). */
const LOST_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EHOSTUNREACH']);
/** What pg says when the socket closes under a query or a client is used after that. */
const LOST_MESSAGES = [/lost the connection to the database/i, /connection terminated/i, /not queryable/i, /terminating connection/i, /server closed the connection/i];

/**
 * Whether an error (a DatabaseError, or anything down its `cause` chain) means the connection to the database
 * was lost. After such an error the run stops starting nodes: the ones not reached are reported as skipped,
 * and `trevco retry` runs them.
 */
export function isConnectionLoss(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, sqlState, message } = current as { code?: unknown; sqlState?: unknown; message?: unknown };
    if (typeof sqlState === 'string' && LOST_CODES.has(sqlState)) return true;
    if (typeof code === 'string' && LOST_CODES.has(code)) return true;
    if (typeof message === 'string' && LOST_MESSAGES.some((pattern) => pattern.test(message))) return true;
  }
  return false;
}
