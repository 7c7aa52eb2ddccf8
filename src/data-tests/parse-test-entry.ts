import { ConfigError, type ErrorLocation } from '../errors/trevco-error.js';
import { TEST_CONFIG_KEYS } from './test-config.js';

/** One `tests:` entry of a properties file, interpreted. */
export interface TestEntry {
  /** The generic test's name without a package prefix (`dbt_utils.recency` → `recency`). */
  readonly testName: string;
  /** Keyword arguments (`values`, `to`, `field`…), `arguments:` unwrapped, config keys removed. */
  readonly args: Readonly<Record<string, unknown>>;
  readonly config: Readonly<Record<string, unknown>>;
  /** `name:` given in the entry, which replaces the synthesized test name. */
  readonly customName?: string;
}

/**
 * Reads an entry as dbt accepts it: `unique`; `{ accepted_values: { values: [...], quote: true, config: {...} } }`;
 * dbt 1.8+'s `{ accepted_values: { arguments: {...}, config: {...} } }`; and config keys (`severity`, `where`…)
 * written among the arguments, which dbt moves into config.
 */
export function parseTestEntry(raw: unknown, at: ErrorLocation): TestEntry {
  if (typeof raw === 'string') return { testName: bareName(raw.trim()), args: {}, config: {} };
  const [name, body] = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? Object.entries(raw)[0] ?? [] : [];
  if (name === undefined) throw malformed(raw, at);
  if (body === null || body === undefined) return { testName: bareName(name), args: {}, config: {} };
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new ConfigError(`test '${name}' takes a mapping of arguments, found ${JSON.stringify(body)}`, {
      ...at,
      hint: `e.g. '- ${name}: { values: [a, b] }', or '- ${name}' without arguments`,
    });
  }
  const args: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  let customName: string | undefined;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'config') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError(`config of test '${name}' must be a mapping, found ${JSON.stringify(value)}`, at);
      }
      Object.assign(config, value);
    } else if (key === 'arguments') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ConfigError(`arguments of test '${name}' must be a mapping, found ${JSON.stringify(value)}`, at);
      }
      Object.assign(args, value);
    } else if (key === 'name') {
      customName = String(value);
    } else if ((TEST_CONFIG_KEYS as readonly string[]).includes(key)) {
      config[key] = value;
    } else {
      args[key] = value;
    }
  }
  return { testName: bareName(name), args, config, ...(customName !== undefined && { customName }) };
}

/** trevco has no packages: `dbt_utils.recency` and `recency` are the same test. */
function bareName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function malformed(raw: unknown, at: ErrorLocation): ConfigError {
  return new ConfigError(`a test must be a test name or a mapping with one key, found ${JSON.stringify(raw)}`, {
    ...at,
    hint: "e.g. '- unique' or '- accepted_values: { values: [a, b] }'",
  });
}
