import type { CompiledProject } from '../compiler/compiled-project.js';
import type { NodeResult } from '../executor/node-result.js';
import { writeRunResults } from './write-run-results.js';

/**
 * run_results.json is rewritten after every result for selections up to this size (a write takes well under a
 * millisecond per hundred nodes). Only larger ones space their writes (so that writing takes at most ~5 % of the
 * time, never more than a second apart) with a timer, which a node that blocks the thread (PGlite runs SQL on the
 * main thread) can delay: such a delay only makes a retry re-run a few finished nodes.
 */
const ALWAYS_WRITE_UP_TO = 1000;
const WRITE_COST_FACTOR = 20;
const MAX_WRITE_INTERVAL_MS = 1000;

export const NOT_FINISHED_MESSAGE = 'not finished: the command ended (a crash, a kill, a lost connection) before this node completed';

/**
 * Keeps target/run_results.json current while a command runs, marked `complete: false`: nodes that finished
 * have their result, every other selected node is `skipped` with NOT_FINISHED_MESSAGE. If the process dies
 * (kill -9, out of memory, a crash), the file says what did not finish, and `trevco retry` runs exactly that.
 * Results recorded in the last second before a kill may be missing, so they are re-run: never the other way.
 */
export class RunResultsProgress {
  readonly #results = new Map<string, NodeResult>();
  readonly #startedAt = performance.now();
  readonly #args: Record<string, unknown>;
  #lastWrite = 0;
  #interval = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly compiled: CompiledProject,
    private readonly ids: readonly string[],
    args: Record<string, unknown>,
  ) {
    this.#args = { ...args, target: compiled.target.name };
    this.#write();
  }

  record(result: NodeResult): void {
    this.#results.set(result.nodeId, result);
    const wait = this.#lastWrite + this.#interval - performance.now();
    if (wait <= 0) this.#write();
    else this.#timer ??= setTimeout(() => this.#write(), wait).unref();
  }

  /** Writes what is known now and stops the timer (the command then writes its final results). */
  flush(): void {
    this.#write();
  }

  #write(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const began = performance.now();
    const startedAt = new Date().toISOString();
    const results = this.ids.map((id) => this.#results.get(id) ?? { nodeId: id, status: 'skipped' as const, message: NOT_FINISHED_MESSAGE, startedAt, completedAt: startedAt, executionTime: 0 });
    writeRunResults(this.compiled, results, (began - this.#startedAt) / 1000, this.#args, false);
    this.#lastWrite = performance.now();
    this.#interval = this.ids.length <= ALWAYS_WRITE_UP_TO ? 0 : Math.min(MAX_WRITE_INTERVAL_MS, (this.#lastWrite - began) * WRITE_COST_FACTOR);
  }
}
