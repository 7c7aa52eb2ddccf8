import type { Adapter, Session } from '../adapters/adapter.js';
import { getColumns } from '../adapters/relations.js';
import { SeedError } from '../errors/trevco-error.js';
import { quoteIdentifier, quoteLiteral, quoteRelation } from '../sql/quote.js';
import { checkColumns } from './check-columns.js';

import type { FileCopier, SeedFile } from './full-load.js';
import { LOADED_AT_COLUMN, SOURCE_FILE_COLUMN, type SeedJob } from './seed-job.js';

export interface MergeCounts {
  readonly rowsLoaded: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
}

/** Restricts the merge to CDC values in [runDate - lookbackDays, runDate + 1 day). */
export interface CdcWindow {
  readonly runDate: string;
  readonly lookbackDays: number;
}

const INCOMING = '_trevco_incoming';
const LATEST = '_trevco_latest';
const CHANGES = '_trevco_changes';
const ORDINAL = '_trevco_ordinal';

/**
 * Merges the files into an existing table by primary key, in one transaction. Rows are copied into a temporary
 * table numbered in file order; per key the latest CDC value wins (ties: the last in the files). A new key is
 * inserted; a key whose incoming CDC value is newer than every stored one replaces its stored row(s); anything
 * else is ignored, so loading the same files twice changes nothing. Only inserted and replaced rows get this
 * load's `_trevco_loaded_at`.
 */
export async function incrementalLoad(
  adapter: Adapter,
  job: SeedJob & { readonly cdcColumn: string; readonly primaryKey: readonly string[] },
  files: readonly SeedFile[],
  window: CdcWindow | undefined,
  copyFile: FileCopier,
  beforeCommit?: (session: Session) => Promise<void>,
  /** Checks of the copied rows (in a temporary table) before they are merged; a throw rolls back. */
  afterCopy?: (session: Session, relation: string, rows: number) => Promise<void>,
): Promise<MergeCounts> {
  const target = quoteRelation(job.schema, job.table);
  return adapter.transaction(async (session) => {
    const columns = (await getColumns(session, job.schema, job.table)).filter(
      (c) => c.name !== LOADED_AT_COLUMN && c.name !== SOURCE_FILE_COLUMN,
    );
    const names = columns.map((c) => c.name);
    for (const file of files) {
      checkColumns(file, names, `the existing table ${job.schema}.${job.table}`, job.nodeId,
        'an incremental load keeps the table\'s columns; load without incremental to rebuild it');
    }
    for (const key of [...job.primaryKey, job.cdcColumn]) {
      if (!names.includes(key)) throw new SeedError(`${job.nodeId}: column '${key}' (primary key or CDC column) is not in ${job.schema}.${job.table}`, { nodeId: job.nodeId });
    }
    const q = quoteIdentifier;
    const list = names.map(q).join(', ');
    const keys = job.primaryKey.map(q);
    const cdc = q(job.cdcColumn);
    const types = new Map(columns.map((c) => [c.name, c.type]));

    await session.execute(
      `create temp table ${INCOMING} (${columns.map((c) => `${q(c.name)} ${c.type}`).join(', ')},
         ${q(SOURCE_FILE_COLUMN)} text, ${ORDINAL} bigint generated always as identity) on commit drop`,
    );
    let rowsLoaded = 0;
    for (const file of files) {
      await session.execute(`alter table ${INCOMING} alter column ${q(SOURCE_FILE_COLUMN)} set default ${quoteLiteral(file.displayPath)}`);
      rowsLoaded += await copyFile(session, INCOMING, file, types);
    }
    await afterCopy?.(session, INCOMING, rowsLoaded);
    // Sorting and hashing millions of rows is far faster in memory; local to this transaction. JIT compiling
    // these one-off statements costs seconds (the planner overestimates them) and saves nothing.
    await session.execute(`set local work_mem = '256MB'`);
    await session.execute(`set local jit = off`);
    const params: unknown[] = [];
    let inWindow = 'true';
    if (window) {
      params.push(window.runDate, window.lookbackDays);
      inWindow = `${cdc} >= $1::date - $2::int and ${cdc} < $1::date + 1`;
    }
    // Keys are compared as distinct on groups them: NULL keys form one group.
    const distinctKeys = keys.length === 1
      ? `count(distinct ${keys[0]}) + (count(*) filter (where ${keys[0]} is null) > 0)::int`
      : `count(distinct (${keys.join(', ')}))`;
    const staged = await session.query<{ n: string; keys: string }>(
      `select count(*) as n, ${distinctKeys} as keys from ${INCOMING} where ${inWindow}`,
      params,
    );
    const keyCount = Number(staged.rows[0]!.keys);
    // Only a file with a key twice needs the dedup sort; usually every key appears once and the staged rows are
    // compared as they are.
    let latest = `(select * from ${INCOMING} where ${inWindow}) l`;
    let latestParams = params;
    if (keyCount !== Number(staged.rows[0]!.n)) {
      await session.query(
        `create temp table ${LATEST} on commit drop as
         select distinct on (${keys.join(', ')}) * from ${INCOMING} where ${inWindow}
         order by ${keys.join(', ')}, ${cdc} desc nulls last, ${ORDINAL} desc`,
        params,
      );
      latest = `${LATEST} l`;
      latestParams = [];
    }
    // A row changes the table when no stored row of its key has a CDC value as new (max() ignores NULLs, and
    // so does >=): new keys and newer values. An anti join, so unchanged rows cost one hash probe each.
    await session.query(
      `create temp table ${CHANGES} on commit drop as
       select l.* from ${latest}
       where not exists (select 1 from ${target} s where ${keys.map((k) => `s.${k} = l.${k}`).join(' and ')}
                         and (l.${cdc} is null or s.${cdc} >= l.${cdc}))`,
      latestParams,
    );
    const changes = Number((await session.query<{ n: string }>(`select count(*) as n from ${CHANGES}`)).rows[0]!.n);
    let updated = 0;
    if (changes > 0) {
      // Replaced keys are those whose stored rows this deletes (new keys have none).
      const replaced = await session.query<{ n: string }>(
        `with replaced as (
           delete from ${target} t using ${CHANGES} c where ${keys.map((k) => `t.${k} = c.${k}`).join(' and ')}
           returning ${keys.map((k) => `t.${k}`).join(', ')}
         ) select count(*) as n from (select distinct * from replaced) r`,
      );
      updated = Number(replaced.rows[0]!.n);
      await session.execute(
        `insert into ${target} (${list}, ${q(LOADED_AT_COLUMN)}, ${q(SOURCE_FILE_COLUMN)})
         select ${list}, now(), ${q(SOURCE_FILE_COLUMN)} from ${CHANGES} order by ${ORDINAL}`,
      );
    }
    const inserted = changes - updated;
    await beforeCommit?.(session);
    return { rowsLoaded, inserted, updated, unchanged: keyCount - inserted - updated };
  });
}
