import type { Adapter, Session } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledModel } from '../../compiler/compiled-project.js';
import { BATCH_END_TOKEN, BATCH_START_TOKEN } from '../../compiler/microbatch-filter.js';
import { ConfigError, DatabaseError, TrevcoError } from '../../errors/trevco-error.js';
import { errorResult, timedResult, type NodeResult } from '../../executor/node-result.js';
import { mapToCompiledSql, type RunModelOptions } from '../../executor/run-model.js';
import { quoteIdentifier, quoteRelation } from '../../sql/quote.js';
import { embed, withHooks, type PlannedStatement } from '../model-plan.js';
import { docsStatements, grantStatements } from '../relation-config.js';
import { rebuild } from '../plan-model.js';
import { batchBefore, batchesBetween, BATCH_SIZES, currentBatch, parseInstant, timestampLiteral, type BatchSize, type BatchWindow } from './batch-window.js';
import { builtBatches, ensureStateTable, forgetBatch, recordBatch, recordInputs, resetState } from './microbatch-state.js';
import { batchesRowsLeft, staleBatches, type WindowedUpstream } from './stale-batches.js';

export interface MicrobatchOptions extends RunModelOptions {
  /** The run's logical date, YYYY-MM-DD: its batch is the current one. */
  readonly runDate: string;
  /** `--event-time-start` / `--event-time-end`: rebuild exactly the batches in [start, end) (a backfill). */
  readonly eventTimeStart?: string;
  readonly eventTimeEnd?: string;
  /** Upstreams read through the batch window, for stale-batch detection. */
  readonly upstreams: readonly WindowedUpstream[];
  readonly onProgress?: (done: number, total: number) => void;
}

/** A microbatch model's validated config. */
interface MicrobatchConfig {
  readonly eventTime: string;
  readonly batchSize: BatchSize;
  readonly begin: Date;
  readonly lookback: number;
  readonly rebuildStale: boolean;
  /** Count each upstream's rows per batch, to rebuild batches rows left (moved event time, deletion). */
  readonly detectMovedRows: boolean;
}

/**
 * Builds a microbatch model. First build or `--full-refresh`: the whole range from `begin` through the run date's
 * batch, atomically, recording every batch as built. Later runs: every batch that is missing since `begin`, the
 * `lookback` batches before the current one and the current one, and batches made stale by late upstream rows
 * (or exactly the `--event-time-start/end` range), each as delete-the-window-then-insert in its own transaction
 * with its state row. A failed batch does not stop the others; the model then ends in error, naming them.
 */
export async function runMicrobatch(model: CompiledModel, adapter: Adapter, options: MicrobatchOptions): Promise<NodeResult> {
  const startedAt = new Date();
  const finish = (result: Parameters<typeof timedResult>[2]): NodeResult => timedResult(model.id, startedAt, result);
  try {
    const config = microbatchConfig(model);
    await ensureStateTable(adapter);
    const { schema, identifier } = model.relation!;
    const existing = await getRelation(adapter, schema, identifier);
    const current = currentBatch(options.runDate, config.batchSize);
    const fullRefresh = options.fullRefresh === true && model.config.full_refresh !== false;
    if (!existing || fullRefresh || existing.kind !== 'table') {
      const first = batchesBetween(config.begin, config.begin, config.batchSize)[0]!;
      const whole = { start: first.start, end: current.end };
      const windowed = { ...model, compiledSql: inWindow(model.compiledSql, whole) };
      const plan = withHooks(rebuild(windowed, existing, 'table'), model.hooks);
      let rows = 0;
      const runAll = async (session: Session, statements: readonly PlannedStatement[] | undefined): Promise<void> => {
        for (const statement of statements ?? []) {
          const result = await session.query(statement.sql).catch((error: unknown) => {
            throw mapToCompiledSql(error, statement, windowed, options.compiledPath);
          });
          if (statement.reportsRows) rows = result.rowCount;
        }
      };
      await adapter.withSession((session) => runAll(session, plan.beforeBegin));
      await adapter.transaction(async (session) => {
        await runAll(session, plan.statements);
        await runAll(session, plan.finally);
        await resetState(session, model.id, first, current.end, `1 ${config.batchSize}`);
        if (config.detectMovedRows) await recordInputs(session, model.id, config.batchSize, options.upstreams, whole);
      });
      await adapter.withSession((session) => runAll(session, plan.afterCommit));
      const batches = first.start < current.end ? batchesBetween(config.begin, parseInstant(current.start, 'batch'), config.batchSize).length : 0;
      return finish({ status: 'success', message: `SELECT ${rows}`, rowsAffected: rows, details: { description: 'incremental', action: 'created', batchesBuilt: batches, batchesFailed: [] } });
    }

    const columns = (await getColumns(adapter, schema, identifier)).map((column) => column.name);
    if (!columns.includes(config.eventTime)) {
      throw new ConfigError(`microbatch model '${model.name}' has event_time='${config.eventTime}', which is not a column of ${schema}.${identifier}`, {
        file: model.path,
        nodeId: model.id,
        hint: 'a microbatch model must return its event_time column: each batch deletes its window by it',
      });
    }
    const batches = await batchesToBuild(model, adapter, config, current, options);
    const target = quoteRelation(schema, identifier);
    const columnList = columns.map(quoteIdentifier).join(', ');
    const eventTime = quoteIdentifier(config.eventTime);
    const failed: { batch: BatchWindow; error: TrevcoError }[] = [];
    let rows = 0;
    let built = 0;
    // Hooks run once around all batches: pre-hooks before the first batch, post-hooks, docs and grants after the
    // last one (each batch is its own transaction, so there is no single node transaction to put them in).
    const hooks = model.incrementalHooks ?? model.hooks;
    const runHooks = async (statements: readonly PlannedStatement[]): Promise<void> => {
      for (const statement of statements) {
        await adapter.query(statement.sql).catch((error: unknown) => {
          throw mapToCompiledSql(error, statement, model, options.compiledPath);
        });
      }
    };
    await runHooks(hooks.pre.map((hook) => ({ sql: hook.sql, hook: hook.label })));
    options.onProgress?.(0, batches.length);
    for (const batch of batches) {
      const insert = embed(`insert into ${target} (${columnList})\nselect ${columnList} from (`, inWindow(model.incrementalSql!, batch), ') as "__trevco_batch"', 'incremental');
      try {
        await adapter.transaction(async (session) => {
          await session.query(`delete from ${target} where ${eventTime} >= ${timestampLiteral(batch.start)} and ${eventTime} < ${timestampLiteral(batch.end)}`);
          const result = await session.query(insert.sql).catch((error: unknown) => {
            throw mapToCompiledSql(error, insert, model, options.compiledPath);
          });
          await recordBatch(session, model.id, batch, result.rowCount);
          if (config.detectMovedRows) await recordInputs(session, model.id, config.batchSize, options.upstreams, batch);
          rows += result.rowCount;
        });
        built++;
      } catch (error) {
        await forgetBatch(adapter, model.id, batch);
        failed.push({ batch, error: error instanceof TrevcoError ? error : new DatabaseError(error instanceof Error ? error.message : String(error), { cause: error }) });
      }
      options.onProgress?.(built + failed.length, batches.length);
    }
    if (failed.length === 0) await runHooks([
      ...hooks.post.map((hook) => ({ sql: hook.sql, hook: hook.label })),
      ...docsStatements(model.config, 'table', target, model.description, model.properties?.columns ?? []),
      ...grantStatements(model.config, target, true),
    ]);
    const details = { description: 'incremental', action: 'built batches', batchesBuilt: built, batchesFailed: failed.map(({ batch }) => batch.start), batches: batches.map((batch) => batch.start) };
    if (failed.length === 0) {
      return finish({ status: 'success', message: `INSERT ${rows} in ${built} batch${built === 1 ? '' : 'es'}`, rowsAffected: rows, details });
    }
    const names = failed.map(({ batch }) => batchName(batch, config.batchSize)).join(', ');
    const first = failed[0]!.error;
    const message = `${failed.length} of ${batches.length} batches failed (${names}); ${built} built. First failure: ${first.message}`;
    const error = Object.assign(Object.create(Object.getPrototypeOf(first) as object) as TrevcoError, first, { message, stack: first.stack });
    return finish({ status: 'error', message, error, rowsAffected: rows, details });
  } catch (error) {
    return errorResult(model.id, startedAt, error, { description: 'incremental' });
  }
}

async function batchesToBuild(model: CompiledModel, adapter: Adapter, config: MicrobatchConfig, current: BatchWindow, options: MicrobatchOptions): Promise<BatchWindow[]> {
  if (options.eventTimeStart !== undefined || options.eventTimeEnd !== undefined) {
    const start = options.eventTimeStart === undefined ? config.begin : parseInstant(options.eventTimeStart, '--event-time-start');
    const end = options.eventTimeEnd === undefined ? parseInstant(current.end, 'batch end') : parseInstant(options.eventTimeEnd, '--event-time-end');
    if (end.getTime() <= start.getTime()) throw new ConfigError(`--event-time-end (${options.eventTimeEnd}) must be after --event-time-start (${options.eventTimeStart})`);
    return batchesBetween(start, new Date(end.getTime() - 1), config.batchSize);
  }
  const built = await builtBatches(adapter, model.id);
  const wanted = new Map<string, BatchWindow>();
  // Gaps: every batch since `begin` with no state row (a missed day, a failed batch), however far back.
  for (const batch of batchesBetween(config.begin, parseInstant(current.start, 'batch'), config.batchSize)) {
    if (!built.has(batch.start)) wanted.set(batch.start, batch);
  }
  const beginning = batchesBetween(config.begin, config.begin, config.batchSize)[0]!.start;
  for (let back = config.lookback; back >= 0; back--) {
    const batch = batchBefore(current, config.batchSize, back);
    if (batch.start >= beginning) wanted.set(batch.start, batch);
  }
  if (config.rebuildStale) {
    const stale = await staleBatches(adapter, model.id, config.batchSize, options.upstreams);
    if (config.detectMovedRows) {
      for (const start of await batchesRowsLeft(adapter, model.id, config.batchSize, beginning, options.upstreams)) stale.add(start);
    }
    for (const start of stale) {
      wanted.set(start, batchesBetween(parseInstant(start, 'batch'), parseInstant(start, 'batch'), config.batchSize)[0]!);
    }
  }
  return [...wanted.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/** Validates what `config()` in the model may have set without validation. */
function microbatchConfig(model: CompiledModel): MicrobatchConfig {
  const config = model.config;
  const problem = (message: string, hint?: string): never => {
    throw new ConfigError(`microbatch model '${model.name}' ${message}`, { file: model.path, nodeId: model.id, hint });
  };
  if (typeof config.event_time !== 'string' || config.event_time === '') problem('needs event_time, the column that places its rows in time', "add event_time='order_date' to its config");
  const batchSize = config.batch_size ?? 'day';
  if (!(BATCH_SIZES as readonly unknown[]).includes(batchSize)) problem(`has batch_size='${String(batchSize)}', which is not one of ${BATCH_SIZES.join(', ')}`);
  if (typeof config.begin !== 'string' && !(config.begin instanceof Date)) problem("needs begin, the first batch's date", "add begin='2024-01-01' to its config");
  const begin = config.begin instanceof Date ? config.begin : parseInstant(config.begin as string, 'begin');
  const lookback = config.lookback ?? 1;
  if (typeof lookback !== 'number' || !Number.isInteger(lookback) || lookback < 0) problem(`has lookback=${String(lookback)}; expected a whole number of batches, 0 or more`);
  const rebuildStale = config.rebuild_stale_batches ?? true;
  if (typeof rebuildStale !== 'boolean') problem(`has rebuild_stale_batches=${String(rebuildStale)}; expected true or false`);
  const detectMovedRows = config.detect_moved_rows ?? true;
  if (typeof detectMovedRows !== 'boolean') problem(`has detect_moved_rows=${String(detectMovedRows)}; expected true or false`);
  return { eventTime: config.event_time as string, batchSize: batchSize as BatchSize, begin, lookback: lookback as number, rebuildStale: rebuildStale as boolean, detectMovedRows: detectMovedRows as boolean };
}

/** The model's SQL with the batch tokens replaced by the window's bounds. */
export function inWindow(sql: string, window: BatchWindow): string {
  return sql.replaceAll(BATCH_START_TOKEN, timestampLiteral(window.start)).replaceAll(BATCH_END_TOKEN, timestampLiteral(window.end));
}

function batchName(batch: BatchWindow, size: BatchSize): string {
  return size === 'month' ? batch.start.slice(0, 7) : size === 'day' ? batch.start.slice(0, 10) : batch.start.slice(0, 16);
}
