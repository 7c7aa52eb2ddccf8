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
const EXISTED = '_trevco_existed';

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
    // Sorting millions of rows for the dedup is far faster in memory; local to this transaction.
    await session.execute(`set local work_mem = '256MB'`);
    const params: unknown[] = [];
    let filter = '';
    if (window) {
      params.push(window.runDate, window.lookbackDays);
      filter = `where ${cdc} >= $1::date - $2::int and ${cdc} < $1::date + 1`;
    }
    await session.query(
      `create temp table ${LATEST} on commit drop as
       select distinct on (${keys.join(', ')}) * from ${INCOMING} ${filter}
       order by ${keys.join(', ')}, ${cdc} desc nulls last, ${ORDINAL} desc`,
      params,
    );
    await session.execute(`analyze ${LATEST}`);
    const latestCount = await session.query<{ n: string }>(`select count(*) as n from ${LATEST}`);
    const joinOn = keys.map((k) => `s.${k} = l.${k}`).join(' and ');
    // A key is present when the table holds it; newer means greater than every stored CDC value of that key.
    await session.execute(
      `create temp table ${CHANGES} on commit drop as
       select l.*, s._present is not null as ${EXISTED}
       from ${LATEST} l
       left join (select ${keys.join(', ')}, max(${cdc}) as _max, true as _present from ${target} group by ${keys.join(', ')}) s on ${joinOn}
       where s._present is null or l.${cdc} > s._max or (s._max is null and l.${cdc} is not null)`,
    );
    const counts = await session.query<{ inserted: string; updated: string }>(
      `select count(*) filter (where not ${EXISTED}) as inserted, count(*) filter (where ${EXISTED}) as updated from ${CHANGES}`,
    );
    const inserted = Number(counts.rows[0]!.inserted);
    const updated = Number(counts.rows[0]!.updated);
    if (updated > 0) {
      await session.execute(
        `delete from ${target} t using ${CHANGES} c where c.${EXISTED} and ${keys.map((k) => `t.${k} = c.${k}`).join(' and ')}`,
      );
    }
    if (inserted + updated > 0) {
      await session.execute(
        `insert into ${target} (${list}, ${q(LOADED_AT_COLUMN)}, ${q(SOURCE_FILE_COLUMN)})
         select ${list}, now(), ${q(SOURCE_FILE_COLUMN)} from ${CHANGES} order by ${ORDINAL}`,
      );
    }
    await beforeCommit?.(session);
    return { rowsLoaded, inserted, updated, unchanged: Number(latestCount.rows[0]!.n) - inserted - updated };
  });
}
