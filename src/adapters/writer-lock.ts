import { TrevcoError } from '../errors/trevco-error.js';

/**
 * One writer per target: a command that writes (seed, run, build, retry, test with store_failures) holds the
 * target's writer lock from before its first statement until it ends, so two commands never interleave their
 * loads and builds. Read-only commands (compile, ls, debug, show, docs) never take it.
 *
 * Each adapter fills the slot its own way: PostgreSQL with a session-level advisory lock on the target database,
 * PGlite with its data-directory lock (one process per directory covers it).
 */
export interface WriterLockOptions {
  /** How long to wait for another command to finish, in seconds; 0 fails at once when the target is busy. */
  readonly timeoutSeconds: number;
  /** Shown to other commands that wait for this one, e.g. `trevco build`. */
  readonly holder: string;
  /** Called once when the lock is busy and this command starts waiting, with who holds it. */
  readonly onWait?: (message: string) => void;
}

/** A held writer lock. */
export interface WriterLock {
  release(): Promise<void>;
  /** Why the lock was lost before release (its session ended), or undefined while it holds. */
  lost(): string | undefined;
}

/** Default `--lock-timeout`: long enough for a daily build to finish, short enough that a stuck one is noticed. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 300;

/** Another command held the target's writer lock for longer than `--lock-timeout`. Exit code 1: it may be retried. */
export class LockTimeoutError extends TrevcoError {
  constructor(message: string, options: ConstructorParameters<typeof TrevcoError>[2] = {}) {
    super('LOCK_TIMEOUT', message, options);
  }

  override get isUsageError(): boolean {
    return false;
  }
}

/** A lock that is no lock: for adapters whose storage is locked elsewhere (see PgliteAdapter). */
export const NO_WRITER_LOCK: WriterLock = { release: async () => undefined, lost: () => undefined };
