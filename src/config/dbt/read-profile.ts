import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../../errors/did-you-mean.js';
import { ConfigError, ErrorList } from '../../errors/trevco-error.js';
import { ConfigProblems, type ConfigProblem } from '../config-problems.js';
import { parseYaml } from '../parse-yaml.js';
import type { PgliteTarget, PostgresTarget, Target } from '../project-config.js';

import type { YamlMap, YamlValue } from '../yaml-value.js';
import { createDbtYamlRenderer } from './dbt-yaml-renderer.js';

/** The outputs of one profile, read as trevco targets. */
export interface DbtProfile {
  readonly file: string;
  readonly name: string;
  readonly defaultTarget: string;
  readonly targets: Map<string, Target>;
  /** Outputs that name environment variables that are not set: errors only when chosen (see readTargets). */
  readonly deferred: Map<string, readonly ConfigError[]>;
  readonly warnings: readonly string[];
}

/** dbt-postgres keys trevco applies, and those it accepts with a warning. */
const POSTGRES_KEYS = ['type', 'host', 'port', 'user', 'password', 'pass', 'dbname', 'database', 'schema', 'threads', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'connect_timeout', 'application_name', 'search_path'];
const POSTGRES_TOLERATED = ['keepalives_idle', 'role', 'retries', 'sslcontext', 'method', 'autocommit'];
const PGLITE_KEYS = ['type', 'path', 'schema', 'threads'];
/** Connection parameters that pass into the URL's query, where node-postgres reads them. */
const URL_PARAMETERS = ['sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'connect_timeout', 'application_name'];

/**
 * Reads the profile `profileName` of a profiles.yml: every output becomes a target (`type: postgres` → our
 * PostgreSQL target; `type: pglite` → the embedded one). Strings may use `env_var()` and `var()` as in dbt.
 * Returns undefined when the file has no such profile.
 */
export function readProfile(file: string, profileName: string, env: NodeJS.ProcessEnv, vars: Readonly<Record<string, unknown>>, projectRoot: string): DbtProfile | undefined {
  const source = readFileSync(file, 'utf8');
  const shown = displayPath(file, projectRoot);
  const problems = new ConfigProblems(shown);
  const map = parseYaml(source, problems, createDbtYamlRenderer({ env, vars }))?.map({ allowNull: true });
  if (!map) {
    ErrorList.throwIfAny(problems.toErrors(source));
    return undefined;
  }
  const profile = map.get(profileName)?.map();
  if (!profile) return undefined;
  profile.rejectUnknownKeys(['target', 'outputs'], {}, []);
  const outputs = profile.required('outputs', 'e.g. outputs: { dev: { type: postgres, ... } }')?.map();
  const targets = new Map<string, Target>();
  const deferred = new Map<string, readonly ConfigProblem[]>();
  for (const entry of outputs?.entries() ?? []) {
    const before = problems.count;
    const read = readOutput(entry.key, entry.value, projectRoot);
    const missing = problems.takeSince(before, (problem) => problem.missingEnvVar !== undefined);
    if (problems.count > before) for (const problem of missing) problems.add(problem);
    else if (missing.length > 0) deferred.set(entry.key, missing);
    else if (read) targets.set(entry.key, read);
  }
  const declared = outputs?.keys() ?? [];
  const targetValue = profile.get('target');
  const named = targetValue?.nonEmptyString();
  if (targetValue && named !== undefined && !declared.includes(named)) {
    const near = didYouMean(named, declared);
    targetValue.error(`${profileName}.target '${named}' is not one of the profile's outputs`, near ? `did you mean '${near}'?` : `outputs: ${declared.join(', ')}`);
  }
  ErrorList.throwIfAny(problems.toErrors(source));
  return {
    file: shown,
    name: profileName,
    defaultTarget: named ?? (declared.includes('dev') ? 'dev' : declared[0] ?? 'dev'),
    targets,
    deferred: new Map([...deferred].map(([name, list]) => [name, problems.toErrors(source, list)])),
    warnings: problems.warnings,
  };
}

function readOutput(name: string, value: YamlValue, root: string): Target | undefined {
  const map = value.map();
  if (!map) return undefined;
  const typeValue = map.required('type', 'type: postgres');
  const type = typeValue?.string();
  if (type === undefined) return undefined;
  const schema = map.get('schema')?.nonEmptyString() ?? 'public';
  const threads = map.get('threads')?.integer(1, 'a positive integer');
  if (type === 'pglite') {
    map.rejectUnknownKeys(PGLITE_KEYS);
    const where = map.get('path')?.nonEmptyString() ?? path.join('.trevco', name);
    const target: PgliteTarget = { name, type, path: where.startsWith('memory://') ? where : path.resolve(root, where), schema, threads: 1 };
    return target;
  }
  if (type !== 'postgres') {
    typeValue!.error(`${map.childPath('type')} is '${type}': trevco runs dbt projects on PostgreSQL`, "use type: postgres (a Postgres-compatible server), or remove the profile to run on the embedded database");
    return undefined;
  }
  // dbt's defaults (keepalives_idle: 0, retries: 1) ask for nothing trevco does not do anyway: no warning for them.
  const asDefault = (key: string): boolean => ['0', '1', 'false'].includes(String(map.get(key)?.toJS()).toLowerCase());
  const quiet = POSTGRES_TOLERATED.filter((key) => map.get(key) !== undefined && asDefault(key));
  map.rejectUnknownKeys([...POSTGRES_KEYS, ...quiet], { account: 'that is a Snowflake setting' }, POSTGRES_TOLERATED);
  map.get('password')?.markSecret(() => '****');
  map.get('pass')?.markSecret(() => '****');
  const host = map.get('host')?.nonEmptyString() ?? 'localhost';
  const port = map.get('port')?.integer(1, 'a port number') ?? 5432;
  const user = map.required('user')?.nonEmptyString();
  const password = (map.get('password') ?? map.get('pass'))?.text();
  const dbname = (map.get('dbname') ?? map.get('database'))?.nonEmptyString();
  if (dbname === undefined) map.value.error(`${map.childPath('dbname')} is required`, 'the database to connect to, e.g. dbname: analytics');
  const parameters = new URLSearchParams();
  for (const key of URL_PARAMETERS) {
    const text = map.get(key)?.text();
    if (text !== undefined) parameters.set(key, text);
  }
  const searchPath = map.get('search_path')?.text();
  if (searchPath !== undefined) parameters.set('options', `-c search_path=${searchPath}`);
  if (user === undefined || dbname === undefined) return undefined;
  const userInfo = `${encodeURIComponent(user)}${password === undefined || password === '' ? '' : `:${encodeURIComponent(password)}`}@`;
  const hostPart = host.startsWith('/') ? encodeURIComponent(host) : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const query = parameters.size > 0 ? `?${parameters.toString()}` : '';
  const url = `postgres://${userInfo}${hostPart}:${port}/${encodeURIComponent(dbname)}${query}`;
  const target: PostgresTarget = { name, type: 'postgres', url, schema, threads: threads ?? 1 };
  return target;
}

function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.replace(/\\/g, '/');
}

