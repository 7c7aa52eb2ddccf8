import type { NodeConfig } from '../config/project-config.js';
import { ConfigError, type ErrorLocation } from '../errors/trevco-error.js';
import type { TestConfig } from './compiled-test.js';

/** Config keys a test accepts; dbt allows them at the top level of a test's arguments too. */
export const TEST_CONFIG_KEYS = ['severity', 'warn_if', 'error_if', 'where', 'limit', 'store_failures', 'tags', 'enabled', 'meta', 'schema', 'alias', 'fail_calc'] as const;

const THRESHOLD = /^\s*(==|!=|<>|>=|<=|>|<|=)\s*(\d+)\s*$/;

/**
 * Merges config layers (project `tests:` defaults first, the test's own config last) and checks the values dbt
 * interprets, reporting a bad one at the test's location.
 */
export function resolveTestConfig(layers: readonly NodeConfig[], at: ErrorLocation & { nodeId?: string }): TestConfig {
  const merged: Record<string, unknown> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) merged[key.startsWith('+') ? key.slice(1) : key] = value;
    }
  }
  // dbt's fail_calc changes how failures are counted; trevco counts failing rows, so only that is accepted.
  if (merged.fail_calc !== undefined && merged.fail_calc !== null && String(merged.fail_calc).replace(/\s+/g, '').toLowerCase() !== 'count(*)') {
    throw new ConfigError(`test fail_calc '${String(merged.fail_calc)}' is not supported: trevco counts failing rows (count(*))`, { ...at, hint: 'remove fail_calc, or compute the measure in the test query and filter on it' });
  }
  const severity = String(merged.severity ?? 'error').toLowerCase();
  if (severity !== 'error' && severity !== 'warn') {
    throw new ConfigError(`test severity must be 'error' or 'warn', found '${String(merged.severity)}'`, at);
  }
  const warnIf = String(merged.warn_if ?? '!=0');
  const errorIf = String(merged.error_if ?? '!=0');
  for (const [key, value] of [['warn_if', warnIf], ['error_if', errorIf]] as const) {
    if (!THRESHOLD.test(value)) {
      throw new ConfigError(`test ${key} must be a comparison with a whole number such as '>10' or '!=0', found '${value}'`, at);
    }
  }
  const limit = merged.limit === undefined || merged.limit === null ? undefined : Number(merged.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new ConfigError(`test limit must be a whole number, found '${String(merged.limit)}'`, at);
  }
  if (merged.where !== undefined && merged.where !== null && typeof merged.where !== 'string') {
    throw new ConfigError(`test where must be a SQL condition (a string), found ${JSON.stringify(merged.where)}`, at);
  }
  const tags = merged.tags === undefined ? [] : Array.isArray(merged.tags) ? merged.tags.map(String) : [String(merged.tags)];
  return {
    ...merged,
    severity,
    warn_if: warnIf,
    error_if: errorIf,
    ...(typeof merged.where === 'string' && merged.where.trim() !== '' ? { where: merged.where } : { where: undefined }),
    ...(limit !== undefined ? { limit } : { limit: undefined }),
    store_failures: merged.store_failures === true,
    tags,
    enabled: merged.enabled !== false,
  };
}

/** Whether a failing-row count meets a dbt threshold such as `!=0` or `>10`. */
export function thresholdMet(threshold: string, failures: number): boolean {
  const match = THRESHOLD.exec(threshold);
  if (!match) return failures !== 0;
  const value = Number(match[2]);
  switch (match[1]) {
    case '==':
    case '=':
      return failures === value;
    case '!=':
    case '<>':
      return failures !== value;
    case '>=':
      return failures >= value;
    case '<=':
      return failures <= value;
    case '>':
      return failures > value;
    default:
      return failures < value;
  }
}

export type TestOutcome = 'pass' | 'warn' | 'fail';

/** dbt's rule: severity error and error_if met → fail; else warn_if met → warn; else pass. */
export function testStatus(config: Pick<TestConfig, 'severity' | 'warn_if' | 'error_if'>, failures: number): TestOutcome {
  if (config.severity === 'error' && thresholdMet(config.error_if, failures)) return 'fail';
  if (thresholdMet(config.warn_if, failures)) return 'warn';
  return 'pass';
}
