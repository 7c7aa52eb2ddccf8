import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite runs the backend one protocol message at a time, so `COPY … FROM STDIN` over a socket (what `psql \copy`
 * and trevco's own seeds send) loses protocol sync: the backend asks for CopyData that is not there yet. This
 * makes the served socket speak that part of the protocol itself: it answers the COPY with CopyInResponse,
 * collects the client's CopyData, and on CopyDone runs the same statement reading `/dev/blob` (PGlite's COPY
 * path) through the server's own query queue, so PGlite's answer (CommandComplete or the error, then
 * ReadyForQuery) goes back to the client in order and inside the client's transaction.
 */
export function supportCopyFromStdin(server: object): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || typeof queue.enqueue !== 'function' || !queue.db) throw new Error('pglite-socket changed: its query queue is not where trevco expects it');
  const db = queue.db;
  const blobs = new WeakMap<Uint8Array, Blob>();
  queue.db = new Proxy(db, {
    get(target, property) {
      if (property === 'execProtocolRawStream') {
        return async (message: Uint8Array, options: Parameters<PGlite['execProtocolRawStream']>[1]) => {
          const blob = blobs.get(message);
          if (!blob) return target.execProtocolRawStream(message, options);
          const internals = target as unknown as BlobInternals;
          await internals._handleBlob(blob);
          try {
            return await target.execProtocolRawStream(message, options);
          } finally {
            await internals._cleanupBlob();
          }
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  const copying = new Map<number, { statement: string; chunks: Uint8Array[] }>();
  const enqueue = queue.enqueue.bind(queue);
  queue.enqueue = async (handlerId, message, onData) => {
    const copy = copying.get(handlerId);
    if (copy) {
      if (message[0] === COPY_DATA) {
        copy.chunks.push(message.slice(5));
        return 0;
      }
      if (message[0] !== COPY_DONE && message[0] !== COPY_FAIL) return 0; // Flush/Sync during COPY: nothing to answer
      copying.delete(handlerId);
      if (message[0] === COPY_FAIL) return enqueue(handlerId, queryMessage(copyFailedStatement(cString(message, 5))), onData);
      const statement = queryMessage(copy.statement.replace(FROM_STDIN, "from '/dev/blob'"));
      blobs.set(statement, new Blob(copy.chunks));
      return enqueue(handlerId, statement, onData);
    }
    if (message[0] === QUERY) {
      const sql = cString(message, 5);
      if (isCopyFromStdin(sql)) {
        copying.set(handlerId, { statement: sql, chunks: [] });
        onData(COPY_IN_RESPONSE);
        return COPY_IN_RESPONSE.length;
      }
    }
    return enqueue(handlerId, message, onData);
  };
}

interface QueryQueue {
  db: PGlite;
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number>;
}

interface BlobInternals {
  _handleBlob(blob?: Blob): Promise<void>;
  _cleanupBlob(): Promise<void>;
}

const QUERY = 0x51; // 'Q'
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'
const FROM_STDIN = /\bfrom\s+stdin\b/i;

/** CopyInResponse: text format, no per-column formats (clients do not need them for text and CSV). */
const COPY_IN_RESPONSE = new Uint8Array([0x47, 0, 0, 0, 7, 0, 0, 0]);

/** One COPY … FROM STDIN statement (a script holding one among others is left to PGlite, which rejects it). */
export function isCopyFromStdin(sql: string): boolean {
  const statement = sql.trim().replace(/;\s*$/, '');
  return /^copy\b/i.test(statement) && FROM_STDIN.test(statement) && !statement.includes(';');
}

function cString(message: Uint8Array, offset: number): string {
  const end = message.indexOf(0, offset);
  return new TextDecoder().decode(message.subarray(offset, end === -1 ? message.length : end));
}

function queryMessage(sql: string): Uint8Array {
  const text = new TextEncoder().encode(sql);
  const message = new Uint8Array(1 + 4 + text.length + 1);
  message[0] = QUERY;
  new DataView(message.buffer).setInt32(1, 4 + text.length + 1);
  message.set(text, 5);
  return message;
}

/** The client abandoned the COPY (CopyFail): PGlite reports it as an error, as PostgreSQL does. */
function copyFailedStatement(reason: string): string {
  const literal = `'${`COPY from stdin failed: ${reason}`.replace(/'/g, "''")}'`;
  return `do $trevco$ begin raise exception using errcode = '57014', message = ${literal}; end $trevco$`;
}
