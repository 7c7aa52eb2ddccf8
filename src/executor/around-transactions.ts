import type { Adapter, Session } from '../adapters/adapter.js';

/**
 * The adapter with `atStart` run at the beginning and `beforeCommit` at the end of every transaction it opens,
 * so a loader that owns its transaction (seeds/) runs a node's hooks and config statements inside it without
 * knowing about them. A rolled-back attempt rolls their effects back too.
 */
export function aroundTransactions(adapter: Adapter, atStart: (session: Session) => Promise<void>, beforeCommit: (session: Session) => Promise<void>): Adapter {
  return {
    type: adapter.type,
    maxConnections: adapter.maxConnections,
    capabilities: adapter.capabilities,
    query: (sql, params) => adapter.query(sql, params),
    execute: (sql) => adapter.execute(sql),
    copyFrom: (statement, source) => adapter.copyFrom(statement, source),
    withSession: (work) => adapter.withSession(work),
    acquireWriterLock: (options) => adapter.acquireWriterLock(options),
    close: () => adapter.close(),
    transaction: (work) => adapter.transaction(async (session) => {
      await atStart(session);
      const result = await work(session);
      await beforeCommit(session);
      return result;
    }),
  };
}
