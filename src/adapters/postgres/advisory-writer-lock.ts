import pg from 'pg';
import { toDatabaseError } from '../database-error.js';
import { LockTimeoutError, type WriterLock, type WriterLockOptions } from '../writer-lock.js';

/**
 * The two int4 keys of trevco's advisory lock ('trev', 'co' + 1). Advisory locks are per database, so this is
 * one lock per target database, shared by every trevco process and version that connects to it.
 */
export const WRITER_LOCK_KEYS = [0x74726576, 0x636f0001] as const;

/**
 * Takes the writer lock on its own connection, outside the pool: a session-level lock lives as long as its
 * session, so it is held for the whole command whatever the pool does, and released when the command ends, or
 * by the server when the process dies (its connection closes).
 */
export async function acquireAdvisoryWriterLock(
  Client: typeof pg.Client,
  config: pg.ClientConfig,
  options: WriterLockOptions,
  onLost?: (reason: string) => void,
): Promise<WriterLock> {
  const client = new Client({ ...config, application_name: options.holder });
  // A lost lock session must not crash the process ('error' events have no other listener), and must not go
  // unnoticed: another command could then take the lock and write at the same time as this one.
  let lost: string | undefined;
  let released = false;
  client.on('error', (error) => {
    if (released || lost !== undefined) return;
    lost = `the session holding the target's writer lock ended (${error.message})`;
    onLost?.(lost);
  });
  try {
    await client.connect();
  } catch (error) {
    throw toDatabaseError(error);
  }
  try {
    const [first, second] = WRITER_LOCK_KEYS;
    const tried = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1, $2) as locked', [first, second]);
    if (!tried.rows[0]!.locked) {
      const holder = await describeHolder(client);
      if (options.timeoutSeconds <= 0) throw busy(holder, options.timeoutSeconds);
      options.onWait?.(`waiting for ${holder} to finish: it holds this target's writer lock (up to ${options.timeoutSeconds}s, --lock-timeout)`);
      await client.query(`set lock_timeout = ${Math.max(1, Math.round(options.timeoutSeconds * 1000))}`);
      try {
        await client.query('select pg_advisory_lock($1, $2)', [first, second]);
      } catch (error) {
        if ((error as { code?: string }).code === '55P03') throw busy(await describeHolder(client), options.timeoutSeconds);
        throw error;
      }
      await client.query('set lock_timeout = 0');
    }
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error instanceof LockTimeoutError ? error : toDatabaseError(error);
  }
  return {
    release: async () => {
      released = true;
      // Closing the session releases the lock; no unlock round trip needed (and none can fail half-way).
      await client.end().catch(() => undefined);
    },
    lost: () => lost,
  };
}

function busy(holder: string, timeoutSeconds: number): LockTimeoutError {
  return new LockTimeoutError(`the target is busy: ${holder} holds its writer lock${timeoutSeconds > 0 ? `, and did not finish within ${timeoutSeconds}s` : ''}`, {
    hint: 'only one command that writes may run on a target at a time; wait for it to finish, or give --lock-timeout SECONDS to wait longer',
  });
}

/** Who holds the lock, from pg_stat_activity: `trevco build (pid 4242), running since 2025-01-01 10:00:00+00`. */
async function describeHolder(client: pg.Client): Promise<string> {
  const [first, second] = WRITER_LOCK_KEYS;
  const found = await client.query<{ name: string; since: string }>(
    `select coalesce(nullif(a.application_name, ''), 'another session (pid ' || a.pid || ')') as name,
            to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS TZ') as since
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::int::oid and l.objid = $2::int::oid and l.objsubid = 2
        and l.database = (select oid from pg_database where datname = current_database())`,
    [first, second],
  ).catch(() => ({ rows: [] as { name: string; since: string }[] }));
  const row = found.rows[0];
  return row ? `${row.name}, running since ${row.since}` : 'another command';
}
