import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { openAdapter } from '../../adapters/open-adapter.js';
import type { Target } from '../../config/project-config.js';

/**
 * The worker behind SyncDatabase: owns one connection to the target and answers one query at a time on `port`,
 * then wakes the waiting render thread through `signal` (see sync-database.ts).
 */
interface WorkerInput {
  readonly target: Target;
  readonly port: MessagePort;
  readonly signal: Int32Array;
}

const { target, port, signal } = workerData as WorkerInput;

function answer(message: unknown): void {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

async function main(): Promise<void> {
  let adapter: Awaited<ReturnType<typeof openAdapter>> | undefined;
  let opening: string | undefined;
  try {
    adapter = await openAdapter(target);
  } catch (error) {
    opening = (error as Error).message;
  }
  port.on('message', (request: { sql?: string; close?: boolean }) => {
    void (async () => {
      if (request.close) {
        await adapter?.close().catch(() => undefined);
        answer({ closed: true });
        port.close();
        return;
      }
      if (!adapter) {
        answer({ error: `cannot connect to target '${target.name}': ${opening ?? 'unknown error'}` });
        return;
      }
      try {
        const result = await adapter.query(request.sql ?? '');
        answer({ rows: result.rows, rowCount: result.rowCount, command: result.command });
      } catch (error) {
        answer({ error: (error as Error).message });
      }
    })();
  });
}

void main();
void parentPort;
