import { relative } from 'node:path';
import { TrevcoError } from '../../errors/trevco-error.js';
import { DirectoryLock, lockPathFor, type LockHolder } from './directory-lock.js';

/** How long a command waits for a PGlite data directory another process holds, unless --lock-timeout says otherwise. */
export const DEFAULT_LOCK_TIMEOUT_SECONDS = 300;

export interface AcquireDirectoryOptions {
  /** What this process is (`trevco build`), written into the lock for whoever waits on it. */
  readonly command: string;
  /** Seconds to wait for a busy directory; 0 fails at once. */
  readonly timeoutSeconds?: number;
  /** When `trevco serve` holds the directory, return its address instead of waiting (default true). */
  readonly acceptServer?: boolean;
  /** What the messages call the thing waited for (default: the directory's path). */
  readonly label?: string;
  /** Tells the user about waiting and about a stale lock taken over. */
  readonly onNotice?: (message: string) => void;
}

/** The directory is ours (lock held), or `trevco serve` holds it and serves it on a socket. */
export type DirectoryAccess = { readonly lock: DirectoryLock } | { readonly server: LockHolder & { readonly server: { host: string; port: number } } };

/** A PGlite data directory stayed busy for the whole --lock-timeout. Not a usage error: exit code 1. */
export class DatabaseLockedError extends TrevcoError {
  constructor(readonly dataDir: string, readonly holder: LockHolder, timeoutSeconds: number) {
    super('DATABASE_LOCKED', `${displayPath(dataDir)} is in use by ${describeHolder(holder)}${timeoutSeconds > 0 ? `; gave up after waiting ${timeoutSeconds} s` : ''}`, {
      hint: `PGlite allows one process at a time. Wait for it to finish, raise --lock-timeout, or run 'trevco serve' so that commands share the database through it. If no such process runs, delete ${displayPath(lockPathFor(dataDir))}.`,
    });
  }
  override get isUsageError(): boolean {
    return false;
  }
}

/**
 * Takes the lock on a PGlite data directory, waiting (polling, up to `timeoutSeconds`) while another live process
 * holds it. A lock left by a process that no longer runs is taken over at once.
 */
export async function acquireDirectory(dataDir: string, options: AcquireDirectoryOptions): Promise<DirectoryAccess> {
  const timeoutSeconds = options.timeoutSeconds ?? DEFAULT_LOCK_TIMEOUT_SECONDS;
  const deadline = Date.now() + timeoutSeconds * 1000;
  let announced: LockHolder | undefined;
  let delay = 25;
  for (;;) {
    const attempt = DirectoryLock.tryAcquire(dataDir, options.command);
    if ('lock' in attempt) {
      const stale = attempt.lock.takenOverFrom;
      if (stale) options.onNotice?.(`took over ${displayPath(lockPathFor(dataDir))}: ${describeHolder(stale)} no longer runs`);
      return attempt;
    }
    const { holder } = attempt;
    if (holder.server && options.acceptServer !== false) return { server: { ...holder, server: holder.server } };
    if (Date.now() >= deadline) throw new DatabaseLockedError(dataDir, holder, timeoutSeconds);
    // Said again when another process takes the directory first.
    if (announced?.pid !== holder.pid || announced.startedAt !== holder.startedAt) {
      options.onNotice?.(`waiting for ${options.label ?? displayPath(dataDir)}: in use by ${describeHolder(holder)}; waiting up to ${timeoutSeconds} s (--lock-timeout)`);
      announced = holder;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(delay, deadline - Date.now()))));
    delay = Math.min(delay * 2, 250);
  }
}

export function describeHolder(holder: LockHolder): string {
  if (holder.pid === 0) return 'another process (the lock file is not readable)';
  const since = holder.startedAt ? `, since ${holder.startedAt.replace('T', ' ').slice(0, 19)} UTC` : '';
  return `'${holder.command}' (pid ${holder.pid}${since})`;
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown && !shown.startsWith('..') ? shown : path;
}
