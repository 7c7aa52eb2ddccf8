import type { NodeConfig } from '../../config/project-config.js';

/** What dbt calls a snapshot's hard-delete behaviour (dbt 1.9 `hard_deletes`). */
export type HardDeletes = 'ignore' | 'invalidate' | 'new_record';

/** The names of the columns a snapshot adds, after `snapshot_meta_column_names`. */
export interface SnapshotColumnNames {
  readonly dbt_scd_id: string;
  readonly dbt_updated_at: string;
  readonly dbt_valid_from: string;
  readonly dbt_valid_to: string;
  readonly dbt_is_deleted: string;
}

/** A snapshot's config, validated at compile. */
export interface SnapshotConfig {
  readonly uniqueKey: readonly string[];
  readonly strategy: 'timestamp' | 'check';
  /** timestamp: the column that tells a newer version. check: optional; when set, versions start at its value instead of the run time. */
  readonly updatedAt?: string;
  /** check: the columns compared, or every column of the query. */
  readonly checkCols?: readonly string[] | 'all';
  readonly hardDeletes: HardDeletes;
  /** A SQL expression for the current versions' dbt_valid_to (dbt 1.9), e.g. `'9999-12-31'::timestamp`; NULL when unset. */
  readonly validToCurrent?: string;
  readonly columnNames: SnapshotColumnNames;
}

/** A config problem: which key, what is wrong, what to do. */
export interface SnapshotConfigProblem {
  readonly key: string;
  readonly message: string;
  readonly hint?: string;
}

const STRATEGIES = ['timestamp', 'check'] as const;
const HARD_DELETES: readonly HardDeletes[] = ['ignore', 'invalidate', 'new_record'];
export const DEFAULT_COLUMN_NAMES: SnapshotColumnNames = {
  dbt_scd_id: 'dbt_scd_id',
  dbt_updated_at: 'dbt_updated_at',
  dbt_valid_from: 'dbt_valid_from',
  dbt_valid_to: 'dbt_valid_to',
  dbt_is_deleted: 'dbt_is_deleted',
};
/** Config keys that only mean something to a snapshot (a snapshot also takes schema, alias, tags, enabled…). */
export const SNAPSHOT_CONFIG_KEYS = [
  'unique_key', 'strategy', 'updated_at', 'check_cols', 'target_schema', 'invalidate_hard_deletes', 'hard_deletes',
  'dbt_valid_to_current', 'snapshot_meta_column_names',
] as const;
/** Keys a snapshot's runner does not apply: refused rather than accepted and ignored. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  target_database: 'trevco builds into the target\'s one database; remove target_database',
  database: 'trevco builds into the target\'s one database; remove database',
  'pre-hook': 'hooks are not run for snapshots yet; run the SQL from on-run-start/on-run-end, or a model',
  'post-hook': 'hooks are not run for snapshots yet; run the SQL from on-run-start/on-run-end, or a model',
  grants: 'grants are not applied to snapshots yet; grant in on-run-end',
  persist_docs: 'persist_docs is not applied to snapshots yet',
  indexes: 'indexes are not created on snapshots yet',
  incremental_strategy: 'a model setting; a snapshot merges by its strategy',
  on_schema_change: 'a model setting; a snapshot always adds the query\'s new columns',
  batch_size: 'a microbatch model setting',
  lookback: 'a microbatch model setting',
  begin: 'a microbatch model setting',
  full_refresh: 'a snapshot is never rebuilt by --full-refresh; remove full_refresh',
};
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * Validates a snapshot's merged config. Returns the typed config, or every problem found. Column names are plain
 * identifiers (every one is quoted in the SQL), so `unique_key` is a column or a list of columns, not an expression.
 */
export function validateSnapshotConfig(config: NodeConfig): { config?: SnapshotConfig; problems: SnapshotConfigProblem[] } {
  const problems: SnapshotConfigProblem[] = [];
  const problem = (key: string, message: string, hint?: string): void => {
    problems.push({ key, message, hint });
  };
  // config() in SQL may spell hooks pre_hook/post_hook.
  for (const [key, hint] of Object.entries(UNSUPPORTED)) {
    if (config[key] !== undefined || config[key.replace('-', '_')] !== undefined) problem(key, `${key} is not supported on a snapshot`, hint);
  }
  if (config.materialized !== undefined && config.materialized !== 'snapshot') {
    problem('materialized', `a snapshot is always materialized as a snapshot (found materialized='${String(config.materialized)}')`, 'remove materialized from the snapshot\'s config');
  }

  const uniqueKey = columnList(config.unique_key);
  if (config.unique_key === undefined) problem('unique_key', 'a snapshot needs unique_key', "e.g. unique_key='customer_id', or a list: unique_key=['order_id', 'line_number']");
  else if (!uniqueKey) problem('unique_key', `unique_key must be a column name or a list of them (found ${JSON.stringify(config.unique_key)})`, 'name the columns; an expression is not supported');

  const strategy = config.strategy;
  if (strategy === undefined) problem('strategy', 'a snapshot needs a strategy', "strategy='timestamp' with updated_at, or strategy='check' with check_cols");
  else if (!(STRATEGIES as readonly unknown[]).includes(strategy)) problem('strategy', `unknown snapshot strategy '${String(strategy)}'`, "use 'timestamp' or 'check'");

  const updatedAt = config.updated_at;
  if (updatedAt !== undefined && !isIdentifier(updatedAt)) problem('updated_at', `updated_at must be a column name (found ${JSON.stringify(updatedAt)})`);
  if (strategy === 'timestamp' && updatedAt === undefined) problem('updated_at', "the timestamp strategy needs updated_at, the column that tells a newer version", "e.g. updated_at='updated_at'");

  let checkCols: readonly string[] | 'all' | undefined;
  if (config.check_cols !== undefined) {
    checkCols = config.check_cols === 'all' ? 'all' : columnList(config.check_cols);
    if (!checkCols || checkCols.length === 0) problem('check_cols', `check_cols must be a list of column names or 'all' (found ${JSON.stringify(config.check_cols)})`);
    if (strategy === 'timestamp') problem('check_cols', 'check_cols belongs to the check strategy; the timestamp strategy compares updated_at', "remove check_cols, or use strategy='check'");
  } else if (strategy === 'check') {
    problem('check_cols', 'the check strategy needs check_cols', "e.g. check_cols=['status', 'email'], or check_cols='all'");
  }

  const hardDeletes = readHardDeletes(config, problem);
  const validToCurrent = config.dbt_valid_to_current;
  if (validToCurrent !== undefined && (typeof validToCurrent !== 'string' || validToCurrent.trim() === '')) {
    problem('dbt_valid_to_current', `dbt_valid_to_current must be a SQL expression as a string (found ${JSON.stringify(validToCurrent)})`, `e.g. dbt_valid_to_current="'9999-12-31'::timestamp"`);
  }
  const columnNames = readColumnNames(config.snapshot_meta_column_names, problem);

  if (problems.length > 0) return { problems };
  return {
    problems,
    config: {
      uniqueKey: uniqueKey!,
      strategy: strategy as SnapshotConfig['strategy'],
      ...(updatedAt !== undefined && { updatedAt: updatedAt as string }),
      ...(checkCols !== undefined && { checkCols }),
      hardDeletes,
      ...(typeof validToCurrent === 'string' && { validToCurrent: validToCurrent.trim() }),
      columnNames,
    },
  };
}

function readHardDeletes(config: NodeConfig, problem: (key: string, message: string, hint?: string) => void): HardDeletes {
  const legacy = config.invalidate_hard_deletes;
  const written = config.hard_deletes;
  if (legacy !== undefined && typeof legacy !== 'boolean') problem('invalidate_hard_deletes', `invalidate_hard_deletes must be true or false (found ${JSON.stringify(legacy)})`);
  if (written !== undefined && !(HARD_DELETES as readonly unknown[]).includes(written)) {
    problem('hard_deletes', `hard_deletes must be one of ${HARD_DELETES.join(', ')} (found ${JSON.stringify(written)})`);
    return 'ignore';
  }
  if (written !== undefined && legacy === true && written !== 'invalidate') {
    problem('hard_deletes', `invalidate_hard_deletes: true and hard_deletes: ${String(written)} disagree`, 'keep hard_deletes (dbt 1.9) and remove invalidate_hard_deletes');
  }
  return (written as HardDeletes | undefined) ?? (legacy === true ? 'invalidate' : 'ignore');
}

function readColumnNames(value: unknown, problem: (key: string, message: string, hint?: string) => void): SnapshotColumnNames {
  if (value === undefined) return DEFAULT_COLUMN_NAMES;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problem('snapshot_meta_column_names', 'snapshot_meta_column_names must be a mapping such as { dbt_valid_from: valid_from }');
    return DEFAULT_COLUMN_NAMES;
  }
  const names: Record<string, string> = { ...DEFAULT_COLUMN_NAMES };
  for (const [key, name] of Object.entries(value)) {
    if (!Object.hasOwn(DEFAULT_COLUMN_NAMES, key)) {
      problem('snapshot_meta_column_names', `snapshot_meta_column_names has an unknown key '${key}'`, `the keys are ${Object.keys(DEFAULT_COLUMN_NAMES).join(', ')}`);
    } else if (!isIdentifier(name)) {
      problem('snapshot_meta_column_names', `snapshot_meta_column_names.${key} must be a column name (found ${JSON.stringify(name)})`);
    } else {
      names[key] = name as string;
    }
  }
  if (new Set(Object.values(names)).size < Object.keys(names).length) problem('snapshot_meta_column_names', 'snapshot_meta_column_names gives two columns the same name');
  return names as unknown as SnapshotColumnNames;
}

function columnList(value: unknown): string[] | undefined {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : undefined;
  if (!list || list.length === 0 || !list.every(isIdentifier)) return undefined;
  return list as string[];
}

function isIdentifier(value: unknown): boolean {
  return typeof value === 'string' && IDENTIFIER.test(value);
}
