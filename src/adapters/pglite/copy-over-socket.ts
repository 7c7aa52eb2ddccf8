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
      // Passed on, COPY FROM STDIN among other statements would wedge PGlite's backend for every client.
      if (mentionsCopyFromStdin(sql)) return enqueue(handlerId, queryMessage(refusedStatement(MULTI_STATEMENT_COPY)), onData);
    }
    if (message[0] === PARSE) {
      // Extended protocol (Parse/Bind/Execute) COPY FROM STDIN: the same wedge. The statement is swapped for one
      // that raises the error at Execute; the client's Sync then brings the session back as usual.
      const name = cString(message, 5);
      const sql = cString(message, 5 + new TextEncoder().encode(name).length + 1);
      if (mentionsCopyFromStdin(sql)) return enqueue(handlerId, parseMessage(name, refusedStatement(EXTENDED_COPY)), onData);
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
const PARSE = 0x50; // 'P'
const COPY_DATA = 0x64; // 'd'
const COPY_DONE = 0x63; // 'c'
const COPY_FAIL = 0x66; // 'f'
const FROM_STDIN = /\bfrom\s+stdin\b/i;

/** CopyInResponse: text format, no per-column formats (clients do not need them for text and CSV). */
const COPY_IN_RESPONSE = new Uint8Array([0x47, 0, 0, 0, 7, 0, 0, 0]);

const MULTI_STATEMENT_COPY = 'trevco serve: COPY FROM STDIN must be sent as a query of its own, not among other statements';
const EXTENDED_COPY = 'trevco serve: COPY FROM STDIN must be sent as a simple query (psql \\copy, or your driver\'s COPY API), not a prepared statement';

/**
 * Whether a query holds a COPY … FROM STDIN anywhere outside string literals, dollar quotes and comments (an
 * over-approximation on purpose: a wrong refusal is loud, a miss wedges the server).
 */
export function mentionsCopyFromStdin(sql: string): boolean {
  const code = sql
    .replace(/'(?:[^']|'')*'/g, ' ')
    .replace(/\$([A-Za-z_]\w*)?\$[\s\S]*?\$\1\$/g, ' ')
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ');
  return /\bcopy\b[\s\S]*\bfrom\s+stdin\b/i.test(code);
}

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
  return raiseStatement('57014', `COPY from stdin failed: ${reason}`);
}

function refusedStatement(message: string): string {
  return raiseStatement('0A000', message);
}

/** A statement PGlite answers with exactly this error (and, in a simple query, ReadyForQuery). */
function raiseStatement(sqlState: string, message: string): string {
  const literal = `'${message.replace(/'/g, "''")}'`;
  return `do $trevco$ begin raise exception using errcode = '${sqlState}', message = ${literal}; end $trevco$`;
}

function parseMessage(name: string, sql: string): Uint8Array {
  const encoder = new TextEncoder();
  const nameBytes = encoder.encode(name);
  const text = encoder.encode(sql);
  const length = 4 + nameBytes.length + 1 + text.length + 1 + 2;
  const message = new Uint8Array(1 + length);
  message[0] = PARSE;
  new DataView(message.buffer).setInt32(1, length);
  message.set(nameBytes, 5);
  message.set(text, 5 + nameBytes.length + 1);
  // Zero parameter types (the Int16 after the query's terminator is already 0).
  return message;
}
