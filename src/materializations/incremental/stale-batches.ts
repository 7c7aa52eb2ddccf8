import type { Session } from '../../adapters/adapter.js';
import { getColumns } from '../../adapters/relations.js';
import type { RelationName } from '../../compiler/compiled-project.js';
import { quoteIdentifier, quoteRelation } from '../../sql/quote.js';
import type { BatchSize } from './batch-window.js';
import { INPUTS_TABLE, STATE_TABLE } from './microbatch-state.js';
// The load-time column seeds add to every raw table: rows with a later value arrived after a batch was built.
import { LOADED_AT_COLUMN } from '../../seeds/seed-job.js';

/** An upstream a microbatch model reads through the batch window. */
export interface WindowedUpstream {
  readonly relation: RelationName;
  readonly eventTime: string;
}


/**
 * Batches of a model that upstream rows loaded after the batch was built fall into (late data beyond the
 * lookback). One grouped query per upstream that has both an event_time and `_trevco_loaded_at`; it reads only
 * rows loaded since the model's oldest build, which an index on `_trevco_loaded_at` makes cheap.
 */
export async function staleBatches(session: Session, modelId: string, size: BatchSize, upstreams: readonly WindowedUpstream[]): Promise<Set<string>> {
  const stale = new Set<string>();
  // Fetched first, so the planner sees the value (an index scan on _trevco_loaded_at), not an unknown subquery result.
  const oldest = (await session.query<{ built_at: string | null }>(`select min(built_at)::text as built_at from ${STATE_TABLE} where model_id = $1`, [modelId])).rows[0]?.built_at;
  if (!oldest) return stale;
  for (const upstream of upstreams) {
    const columns = await getColumns(session, upstream.relation.schema, upstream.relation.identifier);
    if (!columns.some((column) => column.name === LOADED_AT_COLUMN) || !columns.some((column) => column.name === upstream.eventTime)) continue;
    const loadedAt = quoteIdentifier(LOADED_AT_COLUMN);
    const result = await session.query<{ batch_start: string }>(
      `with state as (select batch_start, built_at from ${STATE_TABLE} where model_id = $1),
       late as (
         select date_trunc($2, u.${quoteIdentifier(upstream.eventTime)}::timestamp) as batch_start, max(u.${loadedAt}) as loaded_at
         from ${quoteRelation(upstream.relation.schema, upstream.relation.identifier)} u
         where u.${loadedAt} > $3::timestamptz
         group by 1
       )
       select to_char(s.batch_start, 'YYYY-MM-DD HH24:MI:SS') as batch_start
       from state s join late l on l.batch_start = s.batch_start
       where l.loaded_at > s.built_at`,
      [modelId, size, oldest],
    );
    for (const row of result.rows) stale.add(row.batch_start);
  }
  return stale;
}

/**
 * Built batches that upstream rows have LEFT since they were built: a row whose event time changed (an order whose
 * newer version carries a later order_time) or that was deleted. The batch it moved to is found by its
 * `_trevco_loaded_at`; the batch it left only by counting. One grouped count per upstream, compared with the
 * counts recorded when each batch was built (`microbatch_inputs`).
 */
export async function batchesRowsLeft(session: Session, modelId: string, size: BatchSize, begin: string, upstreams: readonly WindowedUpstream[]): Promise<Set<string>> {
  const left = new Set<string>();
  for (const upstream of upstreams) {
    const columns = await getColumns(session, upstream.relation.schema, upstream.relation.identifier);
    if (!columns.some((column) => column.name === upstream.eventTime)) continue;
    const eventTime = quoteIdentifier(upstream.eventTime);
    const result = await session.query<{ batch_start: string }>(
      `with built as (select batch_start from ${STATE_TABLE} where model_id = $1),
       recorded as (select batch_start, rows from ${INPUTS_TABLE} where model_id = $1 and upstream = $2),
       present as (
         select date_trunc($3, u.${eventTime}::timestamp) as batch_start, count(*) as rows
         from ${quoteRelation(upstream.relation.schema, upstream.relation.identifier)} u
         where u.${eventTime} >= $4::timestamp
         group by 1
       )
       select to_char(b.batch_start, 'YYYY-MM-DD HH24:MI:SS') as batch_start
       from built b
       left join recorded r on r.batch_start = b.batch_start
       left join present p on p.batch_start = b.batch_start
       where coalesce(r.rows, 0) <> coalesce(p.rows, 0)`,
      [modelId, `${upstream.relation.schema}.${upstream.relation.identifier}`, size, begin],
    );
    for (const row of result.rows) left.add(row.batch_start);
  }
  return left;
}

/** The upstreams of a model that declare an event_time and live in a relation (ephemeral models do not). */
export function windowedUpstreams(nodes: ReadonlyMap<string, { readonly config: Readonly<Record<string, unknown>>; readonly relation?: RelationName }>, dependsOn: readonly string[]): WindowedUpstream[] {
  return dependsOn.flatMap((id) => {
    const node = nodes.get(id);
    const eventTime = node?.config.event_time;
    return node?.relation && typeof eventTime === 'string' && eventTime !== '' ? [{ relation: node.relation, eventTime }] : [];
  });
}
