import path from 'node:path';
import type { ConfigProblem } from './config-problems.js';
import type { PgliteTarget, PostgresTarget, Target, TargetType } from './project-config.js';
import { redactUrl } from './redact-url.js';
import type { YamlMap, YamlValue } from './yaml-value.js';

export const TARGET_TYPES: readonly TargetType[] = ['postgres', 'pglite'];
const PGLITE_KEYS = ['type', 'path', 'schema', 'threads'];
const POSTGRES_KEYS = ['type', 'url', 'host', 'port', 'user', 'password', 'database', 'schema', 'threads', 'connect_timeout'];
const CONNECTION_PARTS = ['host', 'port', 'user', 'password', 'database'];
const DEFAULT_THREADS = 4;

/** The targets of project.yml, read. */
export interface ReadTargets {
  /** Valid targets whose env_var() values were all found. */
  readonly targets: Map<string, Target>;
  /** Every declared target name, in file order, valid or not (for `target:` and did-you-mean). */
  readonly declared: readonly string[];
  /**
   * Targets that are valid but name environment variables that are not set. These are not errors until the target
   * is chosen: a laptop without DATABASE_URL must still run on the `dev` target of a project that declares `prod`.
   */
  readonly deferred: Map<string, readonly ConfigProblem[]>;
}

/** The target used when project.yml declares none: embedded PGlite under `<root>/.trevco/dev`. */
export function implicitDevTarget(root: string): PgliteTarget {
  return { name: 'dev', type: 'pglite', path: path.resolve(root, '.trevco', 'dev'), schema: 'public', threads: 1 };
}

/** Reads `targets:`; with none declared, the implicit PGlite `dev` target is the only one. */
export function readTargets(value: YamlValue | undefined, root: string): ReadTargets {
  const map = value?.map({ allowNull: true });
  const entries = map?.entries() ?? [];
  if (entries.length === 0) {
    // Only a missing or empty `targets:` means "no targets"; an invalid one was reported and gets no stand-in.
    const targets = new Map<string, Target>(map || !value ? [['dev', implicitDevTarget(root)]] : []);
    return { targets, declared: [...targets.keys()], deferred: new Map() };
  }
  const problems = value!.context.problems;
  const targets = new Map<string, Target>();
  const deferred = new Map<string, readonly ConfigProblem[]>();
  for (const entry of entries) {
    const before = problems.count;
    const target = readTarget(entry.key, entry.value, root);
    const missing = problems.takeSince(before, (problem) => problem.missingEnvVar !== undefined);
    if (problems.count > before) {
      // Broken anyway: report the missing variables along with the rest.
      for (const problem of missing) problems.add(problem);
    } else if (missing.length > 0) {
      deferred.set(entry.key, missing);
    } else if (target) {
      targets.set(entry.key, target);
    }
  }
  return { targets, declared: entries.map((entry) => entry.key), deferred };
}

function readTarget(name: string, value: YamlValue, root: string): Target | undefined {
  const map = value.map();
  if (!map) return undefined;
  const type = map.required('type', `one of ${TARGET_TYPES.join(', ')}`)?.oneOf(TARGET_TYPES);
  if (type === 'pglite') {
    map.rejectUnknownKeys(PGLITE_KEYS, wrongTypeHints(POSTGRES_KEYS, PGLITE_KEYS, 'postgres'));
  } else if (type === 'postgres') {
    map.rejectUnknownKeys(POSTGRES_KEYS, wrongTypeHints(PGLITE_KEYS, POSTGRES_KEYS, 'pglite'));
  } else {
    map.rejectUnknownKeys([...new Set([...POSTGRES_KEYS, ...PGLITE_KEYS])]);
  }

  const schema = map.get('schema')?.nonEmptyString() ?? 'public';
  const threads = map.get('threads')?.integer(1, 'a positive integer');
  if (type === 'pglite') {
    const where = map.get('path')?.nonEmptyString() ?? path.join('.trevco', name);
    // PGlite is one connection, so `threads` is accepted (a target may be switched between types) and clamped to 1.
    return { name, type, path: pglitePath(root, where), schema, threads: 1 };
  }
  if (type === 'postgres') {
    const url = readConnectionUrl(map);
    // Seconds to establish a connection (libpq's connect_timeout); the adapter's default is 10.
    const connectTimeoutSeconds = map.get('connect_timeout')?.integer(1, 'a whole number of seconds, 1 or more');
    return url === undefined ? undefined : { name, type, url, schema, threads: threads ?? DEFAULT_THREADS, ...(connectTimeoutSeconds !== undefined && { connectTimeoutSeconds }) };
  }
  return undefined;
}

/** `memory://` keeps PGlite in memory (handy in tests); any other path is a directory relative to the project. */
function pglitePath(root: string, where: string): string {
  return where.startsWith('memory://') ? where : path.resolve(root, where);
}

/** Either `url`, or a URL built from host/port/user/password/database. Passwords are masked in excerpts. */
function readConnectionUrl(map: YamlMap): PostgresTarget['url'] | undefined {
  const urlValue = map.get('url');
  urlValue?.markSecret(redactUrl);
  map.get('password')?.markSecret(() => '****');
  const parts = CONNECTION_PARTS.filter((key) => map.get(key) !== undefined);

  if (urlValue) {
    if (parts.length > 0) {
      urlValue.error(
        `${map.path} has both url and ${parts.join(', ')}`,
        'give either url, or host/port/user/password/database',
      );
      return undefined;
    }
    const url = urlValue.nonEmptyString();
    if (url === undefined) return undefined;
    // The value is never echoed: it may hold a password.
    if (!/^postgres(ql)?:\/\//i.test(url.trim())) {
      urlValue.error(`${urlValue.path} must be a postgres:// or postgresql:// URL`);
      return undefined;
    }
    return url.trim();
  }
  if (parts.length === 0) {
    map.value.error(
      `${map.path} needs a url, or host/port/user/password/database`,
      "e.g. url: \"{{ env_var('DATABASE_URL') }}\"",
    );
    return undefined;
  }
  const host = map.get('host')?.nonEmptyString() ?? 'localhost';
  const portValue = map.get('port');
  const port = portValue?.integer(1, 'a port number') ?? 5432;
  if (port > 65535) portValue?.mustBe('a port number', undefined, port);
  const user = map.get('user')?.nonEmptyString();
  const passwordValue = map.get('password');
  const password = passwordValue?.text();
  if (passwordValue && !map.get('user')) passwordValue.error(`${map.path}.password needs a user`);
  const database = map.required('database', 'or give url instead')?.nonEmptyString();
  if (database === undefined) return undefined;

  const userInfo =
    user === undefined
      ? ''
      : `${encodeURIComponent(user)}${password === undefined ? '' : `:${encodeURIComponent(password)}`}@`;
  // A socket directory is percent-encoded (pg reads `%2Fvar%2Frun%2Fpostgresql` as one); IPv6 goes in brackets.
  const hostPart = host.startsWith('/')
    ? encodeURIComponent(host)
    : host.includes(':') && !host.startsWith('[')
      ? `[${host}]`
      : host;
  return `postgres://${userInfo}${hostPart}:${port}/${encodeURIComponent(database)}`;
}

function wrongTypeHints(
  otherKeys: readonly string[],
  ownKeys: readonly string[],
  otherType: TargetType,
): Record<string, string> {
  const hints: Record<string, string> = {};
  for (const key of otherKeys) {
    if (!ownKeys.includes(key)) hints[key] = `${key} is a setting of ${otherType} targets`;
  }
  return hints;
}
