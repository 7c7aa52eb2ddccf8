import type { RelationInfo } from '../../adapters/adapter.js';
import type { CompiledSnapshot } from '../../compiler/compiled-project.js';
import { quoteIdentifier as q, quoteRelation } from '../../sql/quote.js';
import { embed, type PlannedStatement } from '../plan.js';
import type { SnapshotConfig } from './snapshot-config.js';

export interface ColumnInfo {
  readonly name: string;
  readonly type: string;
}

/** What the planner needs to know about the database: the snapshot table (if any) and the query's columns. */
export interface SnapshotRelationState {
  readonly existing?: RelationInfo;
  /** The snapshot table's columns, in order (empty when it does not exist). */
  readonly existingColumns: readonly ColumnInfo[];
  /** The columns the snapshot's query returns, in order. */
  readonly sourceColumns: readonly ColumnInfo[];
}

/** A statement of a snapshot plan; `assertNoRows` makes any returned row fail the run with that message. */
export interface SnapshotStatement extends PlannedStatement {
  readonly assertNoRows?: string;
  /** Its row count adds to the versions inserted or closed that the run reports (`INSERT 3, CLOSED 3`). */
  readonly counts?: 'inserted' | 'closed';
}

export interface SnapshotPlan {
  /** Run in order, in one transaction. */
  readonly statements: readonly SnapshotStatement[];
  readonly description: 'snapshot';
  /** `created` on the first run, `snapshotted` after. */
  readonly action: 'created' | 'snapshotted';
}

/** The plan cannot be made: a column the config names is missing, or the relation is not a snapshot table. */
export class SnapshotPlanError extends Error {
  constructor(message: string, readonly hint: string, readonly key?: string) {
    super(message);
  }
}

/** Staging names, temporary tables dropped at commit: one snapshot runs per transaction. */
export const SOURCE_TABLE = '__trevco_snapshot_source';
export const CHANGES_TABLE = '__trevco_snapshot_changes';
export const GONE_TABLE = '__trevco_snapshot_gone';
const CLOSES = '__trevco_closes';
/** The snapshot's clock, as dbt's `snapshot_get_time()` on PostgreSQL: one instant for the whole transaction. */
const NOW = 'now()::timestamp without time zone';

/**
 * Plans one snapshot run (dbt's snapshot materialization, SCD type 2). Pure: the node and the relation state in,
 * statements out. Every run stages the query into a temporary table and refuses duplicate or NULL keys before it
 * writes; the first run creates the table with every row as a current version; later runs lock the table (so two
 * runs at once give the sequential outcome), add the query's new
 * columns, then close the current versions that changed (and, with `hard_deletes`, those whose key is gone) and
 * insert the new versions, all computed from the same staged state, as dbt does.
 */
export function planSnapshot(node: CompiledSnapshot, state: SnapshotRelationState): SnapshotPlan {
  const config = node.snapshot;
  const names = config.columnNames;
  const source = state.sourceColumns.map((column) => column.name);
  checkColumns(config, source, state);
  const target = quoteRelation(node.relation.schema, node.relation.identifier);
  const staged = q(SOURCE_TABLE);
  const sql = new SnapshotSql(config, source);
  const keys = config.uniqueKey.map(q).join(', ');
  const statements: SnapshotStatement[] = [
    embed(`create temporary table ${staged} on commit drop as (`, node.compiledSql, ')'),
    // Indexed on the key for the duplicate check and the joins below, and analyzed: temporary tables never are
    // automatically, and without statistics the joins plan badly.
    { sql: `create index on ${staged} (${keys})` },
    { sql: `analyze ${staged}` },
    {
      sql: `select ${keys}, count(*)::int as copies from ${staged} group by ${keys} having count(*) > 1 or ${config.uniqueKey.map((key) => `${q(key)} is null`).join(' or ')} order by copies desc limit 5`,
      assertNoRows: `unique_key (${config.uniqueKey.join(', ')}) must identify one row of the snapshot's query, without NULLs`,
    },
  ];
  if (!state.existing) {
    statements.push(
      { sql: `create table ${target} as select s.*, ${sql.newVersionMeta('s')} from ${staged} s with no data` },
      { sql: `insert into ${target} select s.*, ${sql.newVersionMeta('s')} from ${staged} s`, counts: 'inserted' },
    );
    return { statements, description: 'snapshot', action: 'created' };
  }

  // Two runs of one snapshot queue here: the later one computes its changes from what the first committed.
  statements.unshift({ sql: `lock table ${target} in share row exclusive mode` });
  const existing = new Set(state.existingColumns.map((column) => column.name));
  for (const column of state.sourceColumns) {
    if (!existing.has(column.name)) statements.push({ sql: `alter table ${target} add column ${q(column.name)} ${column.type}` });
  }
  if (config.hardDeletes === 'new_record' && !existing.has(names.dbt_is_deleted)) {
    statements.push({ sql: `alter table ${target} add column ${q(names.dbt_is_deleted)} text` });
  }
  const changes = q(CHANGES_TABLE);
  const columns = sql.insertColumns().join(', ');
  // One pass over the query and the current versions: every new or changed row is a new version, and names the
  // current version it closes. The staged changes are fixed before anything is written, as dbt's staging table.
  statements.push(
    { sql: `create temporary table ${changes} on commit drop as\n${sql.changes(target, staged)}` },
    { sql: `analyze ${changes}` },
    {
      sql: `update ${target} t set ${q(names.dbt_valid_to)} = c.${q(names.dbt_valid_from)}
from ${changes} c
where c.${q(CLOSES)} is not null and t.${q(names.dbt_scd_id)} = c.${q(CLOSES)} and ${sql.isCurrent('t')}`,
      counts: 'closed',
    },
    { sql: `insert into ${target} (${columns})\nselect ${columns} from ${changes}`, counts: 'inserted' },
  );
  if (config.hardDeletes !== 'ignore') {
    // Keys the query no longer returns. The versions just inserted all have keys it returns, so they are not here.
    const gone = q(GONE_TABLE);
    statements.push(
      { sql: `create temporary table ${gone} on commit drop as\n${sql.gone(target, staged)}` },
      { sql: `analyze ${gone}` },
      {
        sql: `update ${target} t set ${q(names.dbt_valid_to)} = ${NOW}
from ${gone} g
where t.${q(names.dbt_scd_id)} = g.${q(names.dbt_scd_id)} and ${sql.isCurrent('t')}`,
        counts: 'closed',
      },
    );
    if (config.hardDeletes === 'new_record') {
      statements.push({ sql: `insert into ${target} (${columns})\n${sql.deletionRecords(gone)}`, counts: 'inserted' });
    }
  }
  return { statements, description: 'snapshot', action: 'snapshotted' };
}

function checkColumns(config: SnapshotConfig, source: readonly string[], state: SnapshotRelationState): void {
  if (state.existing && state.existing.kind !== 'table') {
    throw new SnapshotPlanError(
      `${state.existing.schema}.${state.existing.name} is a ${state.existing.kind.replace('_', ' ')}, not a snapshot table`,
      'a snapshot keeps history in its own table: rename the snapshot (alias), or drop that relation if it is not needed',
    );
  }
  const present = new Set(source);
  const missing = (key: string, columns: readonly string[]): void => {
    const absent = columns.filter((column) => !present.has(column));
    if (absent.length === 0) return;
    throw new SnapshotPlanError(
      `${key} names ${absent.map((column) => `'${column}'`).join(', ')}, which the snapshot's query does not return`,
      `the query returns: ${source.join(', ')}`,
      key,
    );
  };
  missing('unique_key', config.uniqueKey);
  if (config.updatedAt !== undefined) missing('updated_at', [config.updatedAt]);
  if (Array.isArray(config.checkCols)) missing('check_cols', config.checkCols);
  const meta = Object.values(config.columnNames).filter((name) => present.has(name));
  if (meta.length > 0) {
    throw new SnapshotPlanError(
      `the snapshot's query returns ${meta.map((name) => `'${name}'`).join(', ')}, a column the snapshot adds itself`,
      'rename it in the query, or rename the snapshot\'s column with snapshot_meta_column_names',
      'snapshot_meta_column_names',
    );
  }
}

/** The SQL expressions of dbt's strategies, over the staged query `s` and the current versions `t`. */
class SnapshotSql {
  constructor(private readonly config: SnapshotConfig, private readonly source: readonly string[]) {}

  private get names() {
    return this.config.columnNames;
  }

  /** When a new version starts: the updated_at column, or the run's instant (check strategy without updated_at). */
  updatedAt(alias: string): string {
    return this.config.updatedAt !== undefined ? `${alias}.${q(this.config.updatedAt)}` : NOW;
  }

  /** dbt's dbt_scd_id: md5 of the key and the version's start. */
  scdId(alias: string, updatedAt = this.updatedAt(alias)): string {
    const parts = [...this.config.uniqueKey.map((key) => `${alias}.${q(key)}`), updatedAt];
    return `md5(${parts.map((part) => `coalesce(cast(${part} as varchar), '')`).join(` || '|' || `)})`;
  }

  /** A current version's dbt_valid_to: NULL (typed as updated_at), or dbt_valid_to_current. */
  validToCurrent(updatedAt: string): string {
    const none = `nullif(${updatedAt}, ${updatedAt})`;
    return this.config.validToCurrent === undefined ? none : `coalesce(${none}, ${this.config.validToCurrent})`;
  }

  isCurrent(alias: string): string {
    const column = `${alias}.${q(this.names.dbt_valid_to)}`;
    return this.config.validToCurrent === undefined ? `${column} is null` : `(${column} is null or ${column} = ${this.config.validToCurrent})`;
  }

  /** The meta columns of a new version built from `alias`, in table order. */
  newVersionMeta(alias: string): string {
    const at = this.updatedAt(alias);
    const meta = [
      `${this.scdId(alias)} as ${q(this.names.dbt_scd_id)}`,
      `${at} as ${q(this.names.dbt_updated_at)}`,
      `${at} as ${q(this.names.dbt_valid_from)}`,
      `${this.validToCurrent(at)} as ${q(this.names.dbt_valid_to)}`,
    ];
    if (this.config.hardDeletes === 'new_record') meta.push(`'False'::text as ${q(this.names.dbt_is_deleted)}`);
    return meta.join(', ');
  }

  insertColumns(): string[] {
    const meta = [this.names.dbt_scd_id, this.names.dbt_updated_at, this.names.dbt_valid_from, this.names.dbt_valid_to];
    if (this.config.hardDeletes === 'new_record') meta.push(this.names.dbt_is_deleted);
    return [...this.source, ...meta].map(q);
  }

  /** New versions: the query's new and changed rows, each with the current version it closes (NULL for a new key). */
  changes(target: string, staged: string): string {
    const names = this.names;
    const keysMatch = this.config.uniqueKey.map((key) => `s.${q(key)} = t.${q(key)}`).join(' and ');
    const resurrected = this.config.hardDeletes === 'new_record' ? ` or t.${q(names.dbt_is_deleted)} = 'True'` : '';
    return `select ${this.source.map((column) => `s.${q(column)}`).join(', ')}, ${this.newVersionMeta('s')}, t.${q(names.dbt_scd_id)} as ${q(CLOSES)}
from ${staged} s
left join ${target} t on ${keysMatch} and ${this.isCurrent('t')}
where t.${q(names.dbt_scd_id)} is null or ${this.rowChanged()}${resurrected}`;
  }

  /** Current versions whose key the query no longer returns (with new_record: not already a deletion row). */
  gone(target: string, staged: string): string {
    const names = this.names;
    const keysMatch = this.config.uniqueKey.map((key) => `s.${q(key)} = t.${q(key)}`).join(' and ');
    const notDeleted = this.config.hardDeletes === 'new_record' ? ` and t.${q(names.dbt_is_deleted)} is distinct from 'True'` : '';
    return `select t.* from ${target} t
where ${this.isCurrent('t')}${notDeleted} and not exists (select from ${staged} s where ${keysMatch})`;
  }

  /** new_record: a deletion row for each gone key, current from the run's instant, with the last values it had. */
  deletionRecords(gone: string): string {
    return `select ${this.source.map((column) => `g.${q(column)}`).join(', ')}, ${this.scdId('g', NOW)}, ${NOW}, ${NOW}, ${this.validToCurrent(NOW)}, 'True'::text
from ${gone} g`;
  }

  /** timestamp: the query's updated_at is later than the current version's start; check: a checked column differs. */
  private rowChanged(): string {
    if (this.config.strategy === 'timestamp') return `(t.${q(this.names.dbt_valid_from)} < s.${q(this.config.updatedAt!)})`;
    const columns = this.config.checkCols === 'all' ? this.source : this.config.checkCols!;
    return `(${columns.map((column) => `s.${q(column)} is distinct from t.${q(column)}`).join(' or ')})`;
  }
}
