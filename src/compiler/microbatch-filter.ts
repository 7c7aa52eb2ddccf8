import { quoteIdentifier } from '../sql/quote.js';
import { Relation } from './relation.js';

/**
 * Microbatch models read upstreams that declare `event_time` through the current batch's window. The window is
 * only known when the batch runs, so the compiled SQL holds these two tokens, which the microbatch runner
 * replaces with timestamp literals (`'2025-01-01 00:00:00'::timestamp`) for each batch.
 */
export const BATCH_START_TOKEN = '__TREVCO_EVENT_TIME_START__';
export const BATCH_END_TOKEN = '__TREVCO_EVENT_TIME_END__';

/** `batch` in a microbatch model's template: the bounds of the batch being built, as SQL timestamp literals. */
export const BATCH_SCOPE = { event_time_start: BATCH_START_TOKEN, event_time_end: BATCH_END_TOKEN } as const;

/**
 * What `ref()`/`source()` return in a microbatch model for an upstream with `event_time`: prints as a marker that
 * `resolveBatchFilters` turns into `(select * from rel where col >= start and col < end) alias`.
 * `{{ ref('x').render() }}` opts out and prints the plain relation name (dbt's spelling).
 */
export class FilteredRelation extends Relation {
  constructor(schema: string, identifier: string, readonly eventTime: string, private readonly filters: FilteredRelation[]) {
    super(schema, identifier);
  }

  override toString(): string {
    this.filters.push(this);
    return `__TREVCO_MB_REL_${this.filters.length - 1}__`;
  }

  override render(): string {
    return super.toString();
  }
}

// Words that may follow a FROM item and are not an alias.
const NOT_AN_ALIAS = new Set([
  'where', 'join', 'inner', 'left', 'right', 'full', 'cross', 'natural', 'on', 'using', 'group', 'order', 'limit', 'offset',
  'union', 'except', 'intersect', 'having', 'window', 'for', 'fetch', 'returning', 'tablesample', 'lateral', 'and', 'or', 'then',
]);

/**
 * Replaces the markers left by FilteredRelation with filtering subqueries. PostgreSQL 15 requires an alias on a
 * subquery in FROM: when the template writes one (`{{ ref('x') }} o`, `… as o`) it is kept, otherwise the
 * relation's own name becomes the alias, so `orders.amount` still resolves.
 */
export function resolveBatchFilters(sql: string, filters: readonly FilteredRelation[]): string {
  return sql.replace(/__TREVCO_MB_REL_(\d+)__/g, (_marker, index: string, offset: number) => {
    const relation = filters[Number(index)]!;
    const subquery = `(select * from ${relation.render()} where ${quoteIdentifier(relation.eventTime)} >= ${BATCH_START_TOKEN} and ${quoteIdentifier(relation.eventTime)} < ${BATCH_END_TOKEN})`;
    const rest = sql.slice(offset + _marker.length);
    const next = /^\s*("[^"]*(?:""[^"]*)*"|[A-Za-z_][A-Za-z0-9_$]*)/.exec(rest);
    const aliased = next !== null && (next[1]!.startsWith('"') || !NOT_AN_ALIAS.has(next[1]!.toLowerCase()));
    return aliased ? subquery : `${subquery} ${quoteIdentifier(relation.identifier)}`;
  });
}

/** Whether the template scope should filter reads: the model is a microbatch incremental model. */
export function isMicrobatch(config: { readonly materialized?: unknown; readonly incremental_strategy?: unknown }): boolean {
  return config.materialized === 'incremental' && config.incremental_strategy === 'microbatch';
}
