import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../config/load-project-config.js';
import { resolveTarget } from '../../config/resolve-target.js';
import { DatabaseError } from '../../errors/trevco-error.js';
import { writeProject } from '../../testing/temp-project.js';
import { PostgresAdapter } from './postgres-adapter.js';

/**
 * Connection attempts are bounded. Two stand-in servers make the cases deterministic without reconfiguring a real
 * one: a black hole that accepts and never answers, and a server that asks for SCRAM authentication (as any
 * server with password auth does) of a URL without a password.
 */
let server: net.Server | undefined;
const sockets: net.Socket[] = [];
afterEach(() => new Promise<void>((resolve) => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (server) server.close(() => resolve());
  else resolve();
}));

function listen(onConnection: (socket: net.Socket) => void): Promise<number> {
  server = net.createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  return new Promise((resolve) => server!.listen(0, '127.0.0.1', () => resolve((server!.address() as net.AddressInfo).port)));
}

/** AuthenticationSASL offering SCRAM-SHA-256: 'R', length, 10, the mechanism list. */
function saslRequest(): Buffer {
  const mechanisms = Buffer.from('SCRAM-SHA-256\0\0');
  const message = Buffer.alloc(9 + mechanisms.length);
  message.write('R', 0);
  message.writeInt32BE(8 + mechanisms.length, 1);
  message.writeInt32BE(10, 5);
  mechanisms.copy(message, 9);
  return message;
}

async function connectError(url: string, connectTimeoutSeconds?: number): Promise<{ error: DatabaseError; seconds: number }> {
  const started = performance.now();
  const error = await PostgresAdapter.connect({ url, threads: 1, connectTimeoutSeconds }).then(
    () => { throw new Error('expected the connection to fail'); },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DatabaseError);
  return { error: error as DatabaseError, seconds: (performance.now() - started) / 1000 };
}

describe('connect_timeout', () => {
  it('a server that never answers fails after connect_timeout, saying so', async () => {
    const port = await listen(() => undefined);
    const { error, seconds } = await connectError(`postgres://app:pw@127.0.0.1:${port}/db`, 1);
    expect(error.message).toBe('could not connect to PostgreSQL within 1s (connect_timeout)');
    expect(error.hint).toContain('raise connect_timeout');
    expect(seconds).toBeGreaterThanOrEqual(0.9);
  });

  it('a URL without a password fails at once when the server asks for SCRAM (no minute-long wait)', async () => {
    const port = await listen((socket) => socket.once('data', () => socket.write(saslRequest())));
    const saved = process.env.PGPASSWORD;
    delete process.env.PGPASSWORD;
    try {
      // A 60 s connect_timeout: only the missing-password guard can make this fail within the test's bounds.
      const { error } = await connectError(`postgres://app@127.0.0.1:${port}/db`, 60);
      expect(error.message).toBe('could not connect to PostgreSQL: the server asks for a password, and the target gives none');
      expect(error.hint).toContain('PGPASSWORD');
    } finally {
      if (saved !== undefined) process.env.PGPASSWORD = saved;
    }
  }, 30_000);

  it('is a validated target key, in seconds', () => {
    const project = writeProject({ 'project.yml': 'name: p\ntargets:\n  prod: { type: postgres, url: "postgres://h/db", connect_timeout: 3 }\n  bad: { type: postgres, url: "postgres://h/db", connect_timeout: 0 }\n' });
    try {
      expect(() => loadProjectConfig(project.root)).toThrow(/targets\.bad\.connect_timeout must be a whole number of seconds, 1 or more/);
      project.write({ 'project.yml': 'name: p\ntargets:\n  prod: { type: postgres, url: "postgres://h/db", connect_timeout: 3 }\n' });
      expect(resolveTarget(loadProjectConfig(project.root), 'prod')).toMatchObject({ connectTimeoutSeconds: 3 });
    } finally {
      project.remove();
    }
  });
});
