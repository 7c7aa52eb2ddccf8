import type { Adapter, Session } from '../adapters/adapter.js';
import { ConfigError, DatabaseError } from '../errors/trevco-error.js';
import { readCsvHeader } from '../seeds/read-csv-header.js';
import { aroundTransactions } from '../executor/around-transactions.js';
import type { PlannedStatement } from '../materializations/plan.js';
import { planSeed } from '../materializations/seed-plan.js';
import type { CompiledProject, SeedNode, SourceNode } from '../compiler/compiled-project.js';
import { errorResult, timedResult, type NodeResult } from '../executor/node-result.js';
import { loadSeed } from '../seeds/load-seed.js';
import type { SeedResult } from '../seeds/seed-job.js';
import type { CommandOptions, RunEvent } from './command-options.js';
import { nodeLabel } from './node-label.js';
import { seedJob } from './seed-jobs.js';

/** Options of `trevco seed` beyond the common ones. */
export interface SeedCommandOptions extends CommandOptions {
  /** CDC merge for sources that declare cdc_column and primary_key (others are fully reloaded). */
  readonly incremental?: boolean;
  /** Load good rows and set bad ones aside in `<table>__quarantine` instead of failing. */
  readonly onBadRows?: 'fail' | 'quarantine';
  /** Folder the source CSV globs are read from, for this run. */
  readonly csvDir?: string;
}

/** The var giving the CDC window, in days before --run-date, for `seed --incremental --run-date`. */
export const CDC_LOOKBACK_VAR = 'cdc_lookback_days';

const PROGRESS_INTERVAL_MS = 200;

/** Loads one seed or CSV-backed source and turns the outcome into a result; bad input is an error result. */
export async function runSeed(adapter: Adapter, compiled: CompiledProject, node: SeedNode | SourceNode, options: SeedCommandOptions): Promise<NodeResult> {
  const startedAt = new Date();
  const label = nodeLabel(node);
  let lastProgress = 0;
  const emit = (event: RunEvent): void => options.onEvent?.(event);
  try {
    const lookback = compiled.vars[CDC_LOOKBACK_VAR];
    if (node.resourceType === 'seed' && node.config.quote_columns === false) await checkUnquotedHeader(node);
    const plan = node.resourceType === 'seed' ? planSeed(node) : undefined;
    const run = (session: Session, statements: readonly PlannedStatement[] | undefined) => runStatements(session, statements ?? [], node);
    if (plan) await adapter.withSession((session) => run(session, plan.beforeBegin));
    const loader = plan ? aroundTransactions(adapter, (session) => run(session, plan.atStart), (session) => run(session, plan.beforeCommit)) : adapter;
    const result = await loadSeed(loader, seedJob(compiled, node, options.csvDir), {
      incremental: options.incremental,
      runDate: options.incremental ? options.runDate : undefined,
      lookbackDays: typeof lookback === 'number' ? lookback : lookback === undefined ? undefined : Number(lookback),
      onBadRows: options.onBadRows,
      fullRefresh: options.fullRefresh,
      onProgress: (progress) => {
        const now = Date.now();
        if (now - lastProgress < PROGRESS_INTERVAL_MS || progress.bytesRead >= progress.totalBytes) return;
        lastProgress = now;
        const seconds = (now - startedAt.getTime()) / 1000;
        emit({ type: 'progress', label, done: progress.bytesRead, total: progress.totalBytes, unit: 'bytes', rate: seconds > 0 ? progress.rows / seconds : undefined });
      },
    });
    if (plan) await adapter.withSession((session) => run(session, plan.afterCommit));
    return timedResult(node.id, startedAt, {
      status: 'success',
      message: seedMessage(result),
      rowsAffected: result.mode === 'full' ? result.rowsLoaded : (result.inserted ?? 0) + (result.updated ?? 0),
      details: { action: result.mode === 'full' ? 'loaded' : 'merged', ...result },
    });
  } catch (error) {
    return errorResult(node.id, startedAt, error);
  }
}

/**
 * dbt's `quote_columns: false` creates a seed's columns unquoted, so PostgreSQL folds them to lower case. trevco
 * always quotes; that is the same table exactly when every header name is already a lower-case plain identifier,
 * so anything else is refused rather than built with other column names than dbt would give.
 */
async function checkUnquotedHeader(node: SeedNode): Promise<void> {
  const { columns } = await readCsvHeader(node.absolutePath, node.path, node.id);
  const changed = columns.filter((name) => !/^[a-z_][a-z0-9_$]*$/.test(name));
  if (changed.length > 0) {
    throw new ConfigError(`seed '${node.name}' sets quote_columns: false, but its column${changed.length > 1 ? 's' : ''} ${changed.map((name) => `'${name}'`).join(', ')} would be renamed unquoted`, {
      file: node.path,
      line: 1,
      nodeId: node.id,
      hint: 'trevco always quotes column names: rename the header to lower case, or remove quote_columns: false',
    });
  }
}

/** Runs a seed's planned statements; an error in a hook names the hook and the seed. */
async function runStatements(session: Session, statements: readonly PlannedStatement[], node: SeedNode | SourceNode): Promise<void> {
  for (const statement of statements) {
    try {
      await session.execute(statement.sql);
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      throw new DatabaseError(`${statement.hook ? `${statement.hook}: ` : ''}${error.message}`, {
        sql: error.sql, sqlState: error.sqlState, file: node.path, nodeId: node.id, hint: error.hint, cause: error,
      });
    }
  }
}

function seedMessage(result: SeedResult): string {
  const set = result.quarantined > 0 ? `, ${result.quarantined} bad row${result.quarantined === 1 ? '' : 's'} set aside in ${result.quarantineTable}` : '';
  if (result.mode === 'full') return `INSERT ${result.rowsLoaded}${set}`;
  return `MERGE ${result.rowsLoaded} read: ${result.inserted ?? 0} new, ${result.updated ?? 0} updated, ${result.unchanged ?? 0} unchanged${set}`;
}
