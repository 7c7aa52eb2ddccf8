import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../errors/trevco-error.js';

export const PROFILES_FILE = 'profiles.yml';

/** Where to look for profiles.yml, as dbt looks. */
export interface ProfilesSearch {
  /** `--profiles-dir`. */
  readonly profilesDir?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly projectRoot: string;
  /** The home folder whose `.dbt/` is searched last (default: the user's). */
  readonly home?: string;
}

/**
 * The profiles.yml dbt would read: `--profiles-dir`, else `DBT_PROFILES_DIR`, else the project folder, else
 * `~/.dbt/`. A folder named explicitly (flag or variable) without a profiles.yml is an error, since the user asked
 * for it; otherwise `undefined` when there is none at all (the project then runs on the embedded database).
 */
export function findProfilesFile(search: ProfilesSearch): string | undefined {
  const explicit = search.profilesDir !== undefined
    ? { dir: search.profilesDir, how: '--profiles-dir' }
    : search.env.DBT_PROFILES_DIR
      ? { dir: search.env.DBT_PROFILES_DIR, how: 'DBT_PROFILES_DIR' }
      : undefined;
  if (explicit) {
    const file = path.resolve(explicit.dir, PROFILES_FILE);
    if (existsSync(file)) return file;
    throw new ConfigError(`${explicit.how} is ${explicit.dir}, but there is no ${PROFILES_FILE} in it`, {
      hint: `create ${file}, or point ${explicit.how} at the folder that holds profiles.yml`,
    });
  }
  for (const dir of [search.projectRoot, path.join(search.home ?? os.homedir(), '.dbt')]) {
    const file = path.join(dir, PROFILES_FILE);
    if (existsSync(file)) return file;
  }
  return undefined;
}
