import type { Adapter } from '../../adapters/adapter.js';
import { getColumns, getRelation } from '../../adapters/relations.js';
import type { CompiledModel } from '../../compiler/compiled-project.js';
import { ConfigError } from '../../errors/trevco-error.js';
import type { PlanContext } from '../materialization.js';
import { batchBefore, batchesBetween, currentBatch, parseInstant, type BatchWindow } from './batch-window.js';
import { microbatchConfig, type MicrobatchConfig } from './microbatch-config.js';
import { builtBatches, ensureStateTable } from './microbatch-state.js';
import { batchesRowsLeft, staleBatches } from './stale-batches.js';

/** What planning a microbatch model depends on: its config, the table, and which batches to build. */
export type MicrobatchState =
  | { readonly mode: 'full'; readonly config: MicrobatchConfig; readonly existing?: Awaited<ReturnType<typeof getRelation>>; readonly current: BatchWindow }
  | { readonly mode: 'batches'; readonly config: MicrobatchConfig; readonly columns: readonly string[]; readonly batches: readonly BatchWindow[] };

/**
 * Reads what a microbatch run needs. First build, `--full-refresh` or a relation that is not a table: the whole
 * range is built at once. Otherwise the batches to build: every batch missing since `begin`, the `lookback`
 * batches before the current one and the current one, and batches made stale by late upstream rows (or exactly
 * the `--event-time-start/end` range).
 */
export async function inspectMicrobatch(model: CompiledModel, adapter: Adapter, context: PlanContext): Promise<MicrobatchState> {
  const config = microbatchConfig(model);
  await ensureStateTable(adapter);
  const { schema, identifier } = model.relation!;
  const existing = await getRelation(adapter, schema, identifier);
  const current = currentBatch(context.runDate, config.batchSize);
  const fullRefresh = context.fullRefresh && model.config.full_refresh !== false;
  if (!existing || fullRefresh || existing.kind !== 'table') return { mode: 'full', config, existing, current };
  const columns = (await getColumns(adapter, schema, identifier)).map((column) => column.name);
  if (!columns.includes(config.eventTime)) {
    throw new ConfigError(`microbatch model '${model.name}' has event_time='${config.eventTime}', which is not a column of ${schema}.${identifier}`, {
      file: model.path,
      nodeId: model.id,
      hint: 'a microbatch model must return its event_time column: each batch deletes its window by it',
    });
  }
  return { mode: 'batches', config, columns, batches: await batchesToBuild(model, adapter, config, current, context) };
}

async function batchesToBuild(model: CompiledModel, adapter: Adapter, config: MicrobatchConfig, current: BatchWindow, options: PlanContext): Promise<BatchWindow[]> {
  if (options.eventTimeStart !== undefined || options.eventTimeEnd !== undefined) {
    // Parsed and checked against each other once, with the other flags (api/run-flags.ts).
    const start = options.eventTimeStart ?? config.begin;
    const end = options.eventTimeEnd ?? parseInstant(current.end, 'batch end');
    if (end.getTime() <= start.getTime()) {
      throw new ConfigError(`model '${model.name}': the backfill ends (${end.toISOString()}) before its first batch begins (${start.toISOString()})`, { file: model.path, nodeId: model.id });
    }
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
