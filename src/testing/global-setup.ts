import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the real PostgreSQL server, or '' when there is none. */
    postgresUrl: string;
    /** Why the real-server tests are skipped ('' when they run). */
    postgresSkipReason: string;
    /** A PGlite data directory that has been through initdb, copied by each test instead of paying initdb again. */
    pgliteTemplateDir: string;
  }
}

/** The environment variable that points the suite at a real PostgreSQL server (an admin URL that may create databases). */
export const DATABASE_URL_VARIABLE = 'TREVCO_TEST_DATABASE_URL';

let stopContainer: (() => Promise<unknown>) | undefined;

/**
 * Provides a real PostgreSQL server (from TREVCO_TEST_DATABASE_URL, else a throwaway testcontainers one when a
 * Docker engine answers) and a PGlite template directory to every test file.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await provisionPostgres();
  project.provide('postgresUrl', server.url);
  project.provide('postgresSkipReason', server.skipReason);
  project.provide('pgliteTemplateDir', await pgliteTemplate());
  if (server.skipReason) {
    process.stderr.write(`\n[trevco tests] real-PostgreSQL tests are SKIPPED: ${server.skipReason}\n\n`);
  }
  return async () => {
    await stopContainer?.();
  };
}

async function provisionPostgres(): Promise<{ url: string; skipReason: string }> {
  const configured = process.env[DATABASE_URL_VARIABLE];
  if (configured) {
    // A configured server that does not answer is a failure, never a skip: CI relies on these tests running.
    const client = new pg.Client({ connectionString: configured });
    try {
      await client.connect();
      await client.query('select 1');
    } catch (error) {
      throw new Error(`${DATABASE_URL_VARIABLE} is set but the server does not answer: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
    return { url: configured, skipReason: '' };
  }
  try {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:15-alpine').start();
    stopContainer = () => container.stop();
    return { url: container.getConnectionUri(), skipReason: '' };
  } catch (error) {
    const reason = `${DATABASE_URL_VARIABLE} is not set and no Docker engine is reachable for testcontainers (${firstLine(error)})`;
    if (process.env.CI) throw new Error(`CI must run the real-PostgreSQL tests: ${reason}`);
    return { url: '', skipReason: reason };
  }
}

/** initdb once per PGlite version and machine; later runs reuse the directory. */
async function pgliteTemplate(): Promise<string> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const { version } = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  const dir = join(tmpdir(), `trevco-pglite-template-${version}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  const building = mkdtempSync(join(tmpdir(), 'trevco-pglite-building-'));
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, dir);
  } catch {
    // Another run won the race; its directory is as good as ours.
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0]!.slice(0, 200);
}

