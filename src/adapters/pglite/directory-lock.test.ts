import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDirectory, DatabaseLockedError } from './acquire-directory.js';
import { DirectoryLock, lockPathFor, readHolder } from './directory-lock.js';
import { processCommand } from './pglite-adapter.js';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function dataDir(): string {
  const root = mkdtempSync(join(tmpdir(), 'trevco-lock-'));
  roots.push(root);
  return join(root, 'dev');
}

/** The pid of a process that has exited (its lock is stale). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the PGlite directory lock', () => {
  it('is a file beside the directory holding the pid and command; a second taker is told who holds it', () => {
    const dir = dataDir();
    const first = DirectoryLock.tryAcquire(dir, 'trevco build');
    expect('lock' in first).toBe(true);
    expect(readHolder(lockPathFor(dir))).toMatchObject({ pid: process.pid, command: 'trevco build', hostname: hostname() });
    const second = DirectoryLock.tryAcquire(dir, 'trevco run');
    expect(second).toEqual({ holder: expect.objectContaining({ pid: process.pid, command: 'trevco build' }) });
    if ('lock' in first) first.lock.release();
    expect(existsSync(lockPathFor(dir))).toBe(false);
    expect('lock' in DirectoryLock.tryAcquire(dir, 'trevco run')).toBe(true);
  });

  it('takes over a lock whose holder no longer runs, and says so', () => {
    const dir = dataDir();
    const pid = deadPid();
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid, command: 'trevco seed', hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }));
    const attempt = DirectoryLock.tryAcquire(dir, 'trevco run');
    expect('lock' in attempt && attempt.lock.takenOverFrom).toMatchObject({ pid, command: 'trevco seed' });
    expect(readHolder(lockPathFor(dir))).toMatchObject({ pid: process.pid, command: 'trevco run' });
    // No temporary or takeover files are left beside it.
    expect(readdirSync(join(dir, '..'))).toEqual(['dev.lock']);
  });

  it('treats a lock whose pid now belongs to a process started at another time as stale (pid reuse)', () => {
    const dir = dataDir();
    // Our own pid with a different recorded start time: the pid was reused, so the lock is stale.
    writeFileSync(lockPathFor(dir), JSON.stringify({ pid: process.pid, command: 'trevco seed', hostname: hostname(), startedAt: 'x', processStart: '1' }));
    const attempt = DirectoryLock.tryAcquire(dir, 'trevco run');
    if (process.platform === 'linux') expect('lock' in attempt).toBe(true);
  });

  it('takes over a lock file trevco did not write', () => {
    const dir = dataDir();
    writeFileSync(lockPathFor(dir), 'garbage');
    expect('lock' in DirectoryLock.tryAcquire(dir, 'trevco run')).toBe(true);
  });

  it('records the address trevco serve listens on', () => {
    const dir = dataDir();
    const attempt = DirectoryLock.tryAcquire(dir, 'trevco serve');
    if (!('lock' in attempt)) throw new Error('expected the lock');
    attempt.lock.advertiseServer({ host: '127.0.0.1', port: 5433 });
    expect(readHolder(lockPathFor(dir))).toMatchObject({ command: 'trevco serve', server: { host: '127.0.0.1', port: 5433 } });
    expect(DirectoryLock.tryAcquire(dir, 'trevco run')).toEqual({ holder: expect.objectContaining({ server: { host: '127.0.0.1', port: 5433 } }) });
  });

  it('waits for a busy directory with a message, then takes it when it is released', async () => {
    const dir = dataDir();
    const first = DirectoryLock.tryAcquire(dir, 'trevco build');
    if (!('lock' in first)) throw new Error('expected the lock');
    const notices: string[] = [];
    const waiting = acquireDirectory(dir, { command: 'trevco run', timeoutSeconds: 60, onNotice: (message) => notices.push(message) });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(notices).toEqual([expect.stringMatching(/^waiting for .*dev: in use by 'trevco build' \(pid \d+, since .* UTC\); waiting up to 60 s \(--lock-timeout\)$/)]);
    first.lock.release();
    const access = await waiting;
    expect('lock' in access).toBe(true);
  });

  it('fails with DATABASE_LOCKED, naming the holder and the lock file, when the timeout passes', async () => {
    const dir = dataDir();
    const first = DirectoryLock.tryAcquire(dir, 'trevco build');
    expect('lock' in first).toBe(true);
    const error = await acquireDirectory(dir, { command: 'trevco run', timeoutSeconds: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatabaseLockedError);
    expect(error).toMatchObject({ code: 'DATABASE_LOCKED', isUsageError: false });
    expect((error as Error).message).toMatch(/dev is in use by 'trevco build' \(pid \d+/);
    expect((error as DatabaseLockedError).hint).toContain('dev.lock');
  });
});

describe('the command a lock names', () => {
  it('is trevco and its command words, never its flags (they may hold secrets)', () => {
    expect(processCommand(['node', '/x/bin/trevco.js', 'build', '--vars', '{"password": "s3cret"}'])).toBe('trevco build');
    expect(processCommand(['node', '/x/node_modules/.bin/trevco', 'docs', 'generate', '--target', 'dev'])).toBe('trevco docs generate');
    expect(processCommand(['node', '/x/bin/trevco.js', '--lock-timeout', '5', 'run'])).toBe('trevco');
    expect(processCommand(['node', '/home/me/pipeline.mjs', 'secret-arg'])).toBe('node pipeline.mjs');
  });
});
