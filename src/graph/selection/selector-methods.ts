import { ConfigError } from '../../errors/trevco-error.js';
import { displayName, type GraphNode, type ResourceType } from '../graph-node.js';
import { globMatcher, hasGlob } from './glob-matcher.js';
import { nodeFqn } from './node-fqn.js';
import type { SelectionCriterion, SelectorMethodName } from './selection-expression.js';

/** What a method may need besides the node: the statuses of the last run, for `result:`. */
export interface MatchContext {
  readonly previousResults?: ReadonlyMap<string, string>;
}

export type NodeMatcher = (node: GraphNode) => boolean;

/** One selector method: how it is written, what values it accepts, and how it matches a node. */
export interface SelectorMethod {
  /** How the method is written, for hints: `tag:<tag>`. */
  readonly usage: string;
  /** Whether the method takes dotted arguments (`config.<key>`); every other method refuses them. */
  readonly takesArguments: boolean;
  /** Throws a ConfigError for a value the method can never accept. */
  readonly validate?: (value: string, raw: string) => void;
  readonly matcher: (criterion: SelectionCriterion, context: MatchContext) => NodeMatcher;
}

const RESOURCE_TYPES: readonly ResourceType[] = ['model', 'seed', 'snapshot', 'source', 'test'];

/** dbt before 1.0 called generic tests 'schema' tests and singular tests 'data' tests; both names still work. */
const TEST_TYPES: Readonly<Record<string, 'generic' | 'singular'>> = {
  generic: 'generic',
  singular: 'singular',
  schema: 'generic',
  data: 'singular',
};

/** Every selector method, by name. */
export const SELECTOR_METHODS: Readonly<Record<SelectorMethodName, SelectorMethod>> = {
  fqn: { usage: 'fqn:<name or project.folder.name>', takesArguments: false, matcher: ({ value }) => fqnMatcher(value) },
  tag: {
    usage: 'tag:<tag>',
    takesArguments: false,
    matcher: ({ value }) => {
      const matches = globMatcher(value);
      return (node) => node.tags.some(matches);
    },
  },
  path: { usage: 'path:<folder or file>', takesArguments: false, matcher: ({ value }) => pathMatcher(value) },
  file: {
    usage: 'file:<file name>',
    takesArguments: false,
    matcher: ({ value }) => {
      const matches = globMatcher(value);
      return (node) => {
        const base = node.path.slice(node.path.lastIndexOf('/') + 1);
        const dot = base.lastIndexOf('.');
        return matches(base) || (dot > 0 && matches(base.slice(0, dot)));
      };
    },
  },
  package: {
    usage: 'package:<package>',
    takesArguments: false,
    matcher: ({ value }) => {
      const matches = globMatcher(value);
      return (node) => matches(node.packageName);
    },
  },
  source: {
    usage: 'source:<source>[.<table>]',
    takesArguments: false,
    validate: (value, raw) => {
      if (value.split('.').length > 3) {
        throw selectorError(
          `'${raw}' has too many parts: use source:<source>, source:<source>.<table> or source:<package>.<source>.<table>`,
        );
      }
    },
    matcher: ({ value }) => sourceMatcher(value),
  },
  resource_type: {
    usage: `resource_type:${RESOURCE_TYPES.join('|')}`,
    takesArguments: false,
    validate: (value, raw) => {
      if (!(RESOURCE_TYPES as readonly string[]).includes(value)) {
        throw new ConfigError(`'${raw}': unknown resource type '${value}'`, {
          hint: `resource types are ${RESOURCE_TYPES.join(', ')}`,
        });
      }
    },
    matcher: ({ value }) => (node) => node.resourceType === value,
  },
  config: {
    usage: 'config.<key>:<value>',
    takesArguments: true,
    matcher: ({ methodArguments, value }) => configMatcher(methodArguments, value),
  },
  test_type: {
    usage: 'test_type:generic|singular',
    takesArguments: false,
    validate: (value, raw) => {
      if (TEST_TYPES[value] === undefined) {
        throw new ConfigError(`'${raw}': unknown test type '${value}'`, {
          hint: 'test types are generic and singular',
        });
      }
    },
    matcher: ({ value }) => (node) => node.resourceType === 'test' && node.testType === TEST_TYPES[value],
  },
  result: {
    usage: 'result:success|error|fail|warn|skipped',
    takesArguments: false,
    matcher: ({ raw, value }, { previousResults }) => {
      if (previousResults === undefined) {
        throw new ConfigError(`'${raw}' needs the results of a previous run, and there are none`, {
          hint: 'result: compares against the last run_results.json; run once first',
        });
      }
      return (node) => previousResults.get(node.id) === value;
    },
  },
};

/** A hint listing every method and operator, for a selector that could not be parsed. */
export const SELECTOR_SYNTAX_HINT =
  `methods: ${Object.values(SELECTOR_METHODS)
    .map((method) => method.usage)
    .join(', ')}; ` +
  'operators: +name, name+, 2+name, name+1, @name; a space separates a union, a comma an intersection';

export function selectorError(message: string): ConfigError {
  return new ConfigError(message, { hint: SELECTOR_SYNTAX_HINT });
}

/**
 * dbt's fqn method: the value matches the node's name, or, split on dots, a prefix of its fqn (so `trevco.marts`
 * picks everything under models/marts and a lone `*` everything). trevco adds globs in each part, and matches a
 * source by `source_name.table` (dbt's fqn method never selects sources; a bare table name does not here either).
 */
function fqnMatcher(value: string): NodeMatcher {
  const matchesName = globMatcher(value);
  const parts = value.split('.').map((part) => (part === '*' ? undefined : globMatcher(part)));
  return (node) => matchesName(displayName(node)) || matchesPrefix(parts, nodeFqn(node));
}

/** Whether `parts` match the start of `fqn`, a lone `*` (undefined here) matching all the rest. */
function matchesPrefix(parts: readonly (((text: string) => boolean) | undefined)[], fqn: readonly string[]): boolean {
  for (const [i, matches] of parts.entries()) {
    if (matches === undefined) return true;
    if (i >= fqn.length || !matches(fqn[i]!)) return false;
  }
  return true;
}

/** A folder selects every node under it; a file selects itself; either may use globs. */
function pathMatcher(value: string): NodeMatcher {
  const wanted = value.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  if (!hasGlob(wanted)) return (node) => node.path === wanted || node.path.startsWith(`${wanted}/`);
  const matchesFile = globMatcher(wanted);
  const matchesUnder = globMatcher(`${wanted}/**`);
  return (node) => matchesFile(node.path) || matchesUnder(node.path);
}

/** `raw`, `raw.orders` or `trevco.raw.orders`, each part a glob; matches only source nodes. */
function sourceMatcher(value: string): NodeMatcher {
  const parts = value.split('.');
  const [pkg, source, table] = parts.length === 3 ? parts : ['*', parts[0]!, parts[1] ?? '*'];
  const [matchesPackage, matchesSource, matchesTable] = [pkg!, source!, table!].map(globMatcher);
  return (node) =>
    node.resourceType === 'source' &&
    matchesPackage!(node.packageName) &&
    matchesSource!(node.sourceName ?? '') &&
    matchesTable!(node.name);
}

/**
 * `config.<key>[.<key>...]:<value>`, following dbt: the value is compared with the config value as text; `true`
 * and `false` match booleans whatever their case; a list matches when any of its items does. dbt compares test
 * severity without regard to case, and so does trevco.
 */
function configMatcher(keys: readonly string[], value: string): NodeMatcher {
  const ignoreCase = keys.length === 1 && keys[0] === 'severity';
  const matchesScalar = (actual: unknown): boolean => {
    if (typeof actual === 'boolean') return String(actual) === value.toLowerCase();
    if (typeof actual === 'string') return ignoreCase ? actual.toLowerCase() === value.toLowerCase() : actual === value;
    if (typeof actual === 'number' || typeof actual === 'bigint') return String(actual) === value;
    return false;
  };
  return (node) => {
    let actual: unknown = node.config;
    for (const key of keys) {
      if (!isRecord(actual) || !Object.hasOwn(actual, key)) return false;
      actual = actual[key];
    }
    return Array.isArray(actual) ? actual.some(matchesScalar) : matchesScalar(actual);
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
