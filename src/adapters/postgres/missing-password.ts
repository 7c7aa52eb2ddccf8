import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NO_PASSWORD_MESSAGE = 'the server asks for a password, and the target gives none';

/**
 * pg's `password` option for a URL without a password: called only when the server asks for one, it fails the
 * connection at once. Without it, pg answers a SCRAM request it cannot complete by going silent, and the
 * command hangs until the server's authentication_timeout (a minute). Undefined (pg's own behaviour) when a
 * password may come from elsewhere: PGPASSWORD, or a password file (~/.pgpass, PGPASSFILE), which pg reads.
 */
export function missingPasswordGuard(url: string, env: NodeJS.ProcessEnv = process.env): (() => never) | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.password !== '' || parsed.searchParams.has('password') || env.PGPASSWORD !== undefined) return undefined;
  if (existsSync(env.PGPASSFILE ?? join(homedir(), '.pgpass'))) return undefined;
  return () => {
    throw new Error(NO_PASSWORD_MESSAGE);
  };
}
