import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { Row } from '../../adapters/adapter.js';
import type { Target } from '../../config/project-config.js';
import { TemplateError } from '../../errors/trevco-error.js';

/** A query's answer as a template needs it. */
export interface SyncQueryResult {
  readonly rows: Row[];
  readonly rowCount: number;
  readonly command: string;
}

/**
 * Database access for templates, which render synchronously: a worker thread holds its own connection and runs
 * each query while the render thread waits on a shared flag (Atomics.wait), then takes the answer from the port
 * with receiveMessageOnPort. Opened on the first query, closed when compiling ends, so the embedded database's
 * directory is free again before the command opens it.
 */
export class SyncDatabase {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));

  constructor(private readonly target: Target, private readonly timeoutMs = 120_000) {}

  query(sql: string): SyncQueryResult {
    const port = this.start();
    Atomics.store(this.signal, 0, 0);
    port.postMessage({ sql });
    const waited = Atomics.wait(this.signal, 0, 0, this.timeoutMs);
    const message = receiveMessageOnPort(port)?.message as { rows?: Row[]; rowCount?: number; command?: string; error?: string } | undefined;
    if (waited === 'timed-out' || !message) throw new TemplateError(`a query while rendering got no answer from target '${this.target.name}' within ${this.timeoutMs / 1000}s`);
    if (message.error !== undefined) throw Object.assign(new TemplateError(`a query while rendering failed: ${message.error}`, { hint: sqlHint(sql) }), { [RENDER_QUERY_FAILED]: true });
    return { rows: message.rows ?? [], rowCount: message.rowCount ?? 0, command: message.command ?? '' };
  }

  /** Closes the connection and the worker (waits for the close, so the database is free afterwards). */
  close(): void {
    if (!this.worker || !this.port) return;
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ close: true });
    Atomics.wait(this.signal, 0, 0, 30_000);
    receiveMessageOnPort(this.port);
    void this.worker.terminate();
    this.worker = undefined;
    this.port = undefined;
  }

  private start(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(workerFile(), { workerData: { target: this.target, port: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref();
    this.port = port1 as unknown as MessagePort;
    return this.port;
  }
}

type MessagePort = import('node:worker_threads').MessagePort;

/** Marks an error as a failed query while rendering: the model fails when it runs, not the whole compile. */
export const RENDER_QUERY_FAILED = 'renderQueryFailed';

export function isRenderQueryFailure(error: unknown): error is TemplateError {
  return error instanceof TemplateError && (error as unknown as Record<string, unknown>)[RENDER_QUERY_FAILED] === true;
}

/** The compiled worker: next to this file in dist/, or dist/'s copy when this runs from src/ (under vitest). */
function workerFile(): string {
  const here = fileURLToPath(new URL('./sync-database-worker.js', import.meta.url));
  if (existsSync(here)) return here;
  return here.replace(/([\\/])src([\\/])(?!.*[\\/]src[\\/])/, '$1dist$2');
}

function sqlHint(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return `the query was: ${oneLine.length > 200 ? `${oneLine.slice(0, 199)}…` : oneLine}`;
}
