import type { Adapter, Session } from '../../adapters/adapter.js';
import { quoteIdentifier, quoteRelation } from '../../sql/quote.js';
import type { BatchWindow } from './batch-window.js';
import type { PlannedStatement, STEP_ROWS } from '../plan.js';

/** An upstream read through the batch window (see stale-batches.ts). */
interface WindowedUpstreamRef {
  readonly relation: { readonly schema: string; readonly identifier: string };
  readonly eventTime: string;
}

/**
 * Which batches of which microbatch model were built, and when: the memory that lets a run fill gaps and find
 * batches made stale by late data (SQLMesh's intervals). One row per (model, batch), written in the batch's own
 * transaction, so a failed batch leaves no row and the next run builds it.
 */
export const STATE_TABLE = 'trevco.microbatch_state';

const CREATE_STATE = `
create schema if not exists trevco;
create table if not exists trevco.microbatch_state (
  model_id text not null,
  batch_start timestamp not null,
  batch_end timestamp not null,
  built_at timestamptz not null,
  rows bigint,
  primary key (model_id, batch_start)
);
create table if not exists trevco.microbatch_inputs (
  model_id text not null,
  upstream text not null,
  batch_start timestamp not null,
  rows bigint not null,
  primary key (model_id, upstream, batch_start)
)`;

/** How many rows of each windowed upstream each built batch read: a batch that rows later left shows a lower count. */
export const INPUTS_TABLE = 'trevco.microbatch_inputs';

// CREATE … IF NOT EXISTS still races when two sessions run it at once (a unique violation on pg_type); once per adapter.
const created = new WeakMap<Adapter, Promise<void>>();

export function ensureStateTable(adapter: Adapter): Promise<void> {
  let done = created.get(adapter);
  if (!done) {
    done = adapter.execute(CREATE_STATE);
    done.catch(() => created.delete(adapter));
    created.set(adapter, done);
  }
  return done;
}

/** Batch starts already built for a model, as 'YYYY-MM-DD HH:MM:SS'. */
export async function builtBatches(session: Session, modelId: string): Promise<Set<string>> {
  const result = await session.query<{ batch_start: string }>(
    `select to_char(batch_start, 'YYYY-MM-DD HH24:MI:SS') as batch_start from ${STATE_TABLE} where model_id = $1`,
    [modelId],
  );
  return new Set(result.rows.map((row) => row.batch_start));
}

/** Records a batch as built now (the transaction's start time, which is never later than what it read). */
export async function recordBatch(session: Session, modelId: string, batch: BatchWindow, rows: number | null): Promise<void> {
  await run(session, [recordBatchStatement(modelId, batch, rows)]);
}

/** The statement of `recordBatch`; `rows` may be STEP_ROWS, the row count of the batch's INSERT. */
export function recordBatchStatement(modelId: string, batch: BatchWindow, rows: number | null | typeof STEP_ROWS): PlannedStatement {
  return {
    sql: `insert into ${STATE_TABLE} (model_id, batch_start, batch_end, built_at, rows) values ($1, $2::timestamp, $3::timestamp, now(), $4)
     on conflict (model_id, batch_start) do update set batch_end = excluded.batch_end, built_at = excluded.built_at, rows = excluded.rows`,
    params: [modelId, batch.start, batch.end, rows],
  };
}

/** After a full build: the model's state is exactly the batches from `first` up to `end`. */
export async function resetState(session: Session, modelId: string, first: BatchWindow, end: string, interval: string): Promise<void> {
  await run(session, resetStateStatements(modelId, first, end, interval));
}

export function resetStateStatements(modelId: string, first: BatchWindow, end: string, interval: string): PlannedStatement[] {
  return [
    { sql: `delete from ${STATE_TABLE} where model_id = $1`, params: [modelId] },
    {
      sql: `insert into ${STATE_TABLE} (model_id, batch_start, batch_end, built_at, rows)
     select $1, g, g + $4::interval, now(), null from generate_series($2::timestamp, $3::timestamp - $4::interval, $4::interval) as g`,
      params: [modelId, first.start, end, interval],
    },
  ];
}

/**
 * Records, per upstream, how many of its rows fall in each batch of `window` (one batch, or a full build's whole
 * range), inside the batch's transaction: what the batch read. Upstreams without the event_time column are skipped.
 */
export async function recordInputs(session: Session, modelId: string, size: string, upstreams: readonly WindowedUpstreamRef[], window: BatchWindow): Promise<void> {
  await run(session, recordInputsStatements(modelId, size, upstreams, window));
}

export function recordInputsStatements(modelId: string, size: string, upstreams: readonly WindowedUpstreamRef[], window: BatchWindow): PlannedStatement[] {
  return upstreams.flatMap((upstream) => {
    const name = `${upstream.relation.schema}.${upstream.relation.identifier}`;
    const eventTime = quoteIdentifier(upstream.eventTime);
    return [
      { sql: `delete from ${INPUTS_TABLE} where model_id = $1 and upstream = $2 and batch_start >= $3::timestamp and batch_start < $4::timestamp`, params: [modelId, name, window.start, window.end] },
      {
        sql: `insert into ${INPUTS_TABLE} (model_id, upstream, batch_start, rows)
       select $1, $2, date_trunc($3, u.${eventTime}::timestamp), count(*)
       from ${quoteRelation(upstream.relation.schema, upstream.relation.identifier)} u
       where u.${eventTime} >= $4::timestamp and u.${eventTime} < $5::timestamp
       group by 3`,
        params: [modelId, name, size, window.start, window.end],
      },
    ];
  });
}

/** A batch whose rebuild failed is no longer up to date: forget it, so the next run fills it like a gap. */
export async function forgetBatch(session: Session, modelId: string, batch: BatchWindow): Promise<void> {
  await run(session, [forgetBatchStatement(modelId, batch)]);
}

export function forgetBatchStatement(modelId: string, batch: BatchWindow): PlannedStatement {
  return { sql: `delete from ${STATE_TABLE} where model_id = $1 and batch_start = $2::timestamp`, params: [modelId, batch.start] };
}

async function run(session: Session, statements: readonly PlannedStatement[]): Promise<void> {
  for (const statement of statements) await session.query(statement.sql, statement.params);
}
