import type { YamlMap, YamlValue } from './yaml-value.js';

export const FRESHNESS_PERIODS = ['minute', 'hour', 'day'] as const;

/** dbt's source freshness: how old the newest row may be before a warning or an error. */
export interface FreshnessConfig {
  readonly warnAfter?: { readonly count: number; readonly period: (typeof FRESHNESS_PERIODS)[number] };
  readonly errorAfter?: { readonly count: number; readonly period: (typeof FRESHNESS_PERIODS)[number] };
  readonly filter?: string;
}

/**
 * `freshness:` of a source or table; `null` (explicitly) turns an inherited freshness off, returned as `null`.
 * Undefined when the key is absent.
 */
export function readFreshness(value: YamlValue | undefined): FreshnessConfig | null | undefined {
  if (value === undefined) return undefined;
  if (value.kind === 'null') return null;
  const map = value.map();
  if (!map) return undefined;
  map.rejectUnknownKeys(['warn_after', 'error_after', 'filter']);
  const warnAfter = readAfter(map, 'warn_after');
  const errorAfter = readAfter(map, 'error_after');
  const filter = map.get('filter')?.string();
  return { ...(warnAfter && { warnAfter }), ...(errorAfter && { errorAfter }), ...(filter !== undefined && { filter }) };
}

function readAfter(map: YamlMap, key: string): FreshnessConfig['warnAfter'] {
  const after = map.get(key)?.map({ allowNull: true });
  if (!after) return undefined;
  after.rejectUnknownKeys(['count', 'period']);
  const count = after.required('count', 'e.g. count: 12')?.integer(1, 'a positive integer');
  const period = after.required('period', 'minute, hour or day')?.oneOf(FRESHNESS_PERIODS);
  return count !== undefined && period !== undefined ? { count, period } : undefined;
}
