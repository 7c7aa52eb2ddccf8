import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

/** Who holds a PGlite data directory, as written in its lock file. */
export interface LockHolder {
  readonly pid: number;
  /** `trevco build`, `trevco serve`… (the command name only: flags may hold secrets). */
  readonly command: string;
  readonly hostname: string;
  readonly startedAt: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat), so a reused pid is not taken for it. */
  readonly processStart?: string;
  /** Set by `trevco serve` once it listens: other commands connect here instead of waiting. */
  readonly server?: { readonly host: string; readonly port: number };
}

/** The lock file sits beside the data directory (`.trevco/dev.lock`), so it never enters PGlite's files. */
export function lockPathFor(dataDir: string): string {
  return `${dataDir.replace(/[\\/]+$/, '')}.lock`;
}

/**
 * A lock file held by this process. Taken with `link(2)` of a fully written file, which fails atomically when the
 * lock exists, so no reader ever sees a half-written lock and two processes can never both succeed.
 */
export class DirectoryLock {
  private released = false;

  private constructor(readonly path: string, private holder: LockHolder) {}

  /** Set when this lock replaced one left by a process that no longer runs. */
  takenOverFrom?: LockHolder;

  /**
   * Takes the lock, or returns who holds it. A lock whose holder no longer runs (killed, crashed) is removed and
   * taken over; so is a lock file that is not one trevco wrote.
   */
  static tryAcquire(dataDir: string, command: string): { lock: DirectoryLock } | { holder: LockHolder } {
    const path = lockPathFor(dataDir);
    mkdirSync(dirname(path), { recursive: true });
    const mine: LockHolder = { pid: process.pid, command, hostname: hostname(), startedAt: new Date().toISOString(), processStart: processStartOf(process.pid) };
    let takenOver: LockHolder | undefined;
    let last: LockHolder = unknownHolder();
    // A few rounds: the lock may vanish or be found stale between the attempt to link and the read.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (linkNew(path, mine)) {
        const lock = new DirectoryLock(path, mine);
        lock.takenOverFrom = takenOver;
        return { lock };
      }
      const current = readHolder(path);
      if (current === 'missing') continue;
      if (current !== 'unreadable') last = current;
      if (current !== 'unreadable' && isAlive(current)) return { holder: current };
      // Another process is taking the same stale lock over: report it busy; the caller polls again.
      if (!removeStale(path, current)) return { holder: last };
      if (current !== 'unreadable') takenOver = current;
    }
    return { holder: last };
  }

  /** Records the address `trevco serve` listens on (atomically: a reader sees the old or the new record). */
  advertiseServer(server: { host: string; port: number }): void {
    this.holder = { ...this.holder, server };
    const temporary = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(temporary, JSON.stringify(this.holder));
    renameSync(temporary, this.path);
  }

  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const current = readHolder(this.path);
    if (typeof current === 'object' && current.pid === this.holder.pid && current.startedAt === this.holder.startedAt) unlinkQuietly(this.path);
  }
}

/** Reads the lock file: its holder, 'missing' when there is none, 'unreadable' when it is not a lock we wrote. */
export function readHolder(path: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.command === 'string' ? parsed as LockHolder : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * Whether the holder still runs: the pid exists (signal 0) and, on Linux, started at the recorded time. A lock
 * from another host cannot be checked and counts as alive (the message tells the user how to remove it).
 */
export function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (holder.processStart === undefined) return true;
  const start = processStartOf(holder.pid);
  return start === undefined || start === holder.processStart;
}

function linkNew(path: string, holder: LockHolder): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, JSON.stringify(holder));
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkQuietly(temporary);
  }
}

/**
 * Removes a stale lock under a short takeover lock, re-reading it first: two processes that both found the same
 * stale lock must not remove the fresh lock one of them has just taken. A takeover lock older than 30 s belongs
 * to a process killed in the microseconds it is held, and is cleared.
 */
function removeStale(path: string, stale: LockHolder | 'unreadable'): boolean {
  const takeover = `${path}.takeover`;
  const guard = { pid: process.pid, command: 'takeover', hostname: hostname(), startedAt: new Date().toISOString() };
  if (!linkNew(takeover, guard)) {
    try {
      if (Date.now() - statSync(takeover).mtimeMs > 30_000) unlinkQuietly(takeover);
    } catch {
      // gone meanwhile
    }
    return false;
  }
  try {
    const again = readHolder(path);
    if (again === 'missing') return true;
    const same = again === 'unreadable' ? stale === 'unreadable' : stale !== 'unreadable' && again.pid === stale.pid && again.startedAt === stale.startedAt;
    if (!same) return false;
    unlinkQuietly(path);
    return true;
  } finally {
    unlinkQuietly(takeover);
  }
}

function unknownHolder(): LockHolder {
  return { pid: 0, command: 'unknown', hostname: hostname(), startedAt: '' };
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function processStartOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
