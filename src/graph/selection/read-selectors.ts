import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { didYouMean } from '../../errors/did-you-mean.js';
import { ConfigError } from '../../errors/trevco-error.js';

export const SELECTORS_FILE = 'selectors.yml';

/** A named selector turned into the command line's terms: a union of selections, each possibly an intersection. */
export interface ResolvedSelector {
  readonly select: string[];
  readonly exclude: string[];
}

/**
 * dbt's `--selector NAME`: reads selectors.yml and turns the selector's definition (a CLI-style string, a
 * `method`/`value` mapping with `parents`/`children` and depths, `union`, `intersection`, `exclude`) into select
 * and exclude terms of trevco's selection syntax. A selector may name another with `method: selector`.
 */
export function resolveSelector(root: string, name: string): ResolvedSelector {
  const file = path.join(root, SELECTORS_FILE);
  if (!existsSync(file)) throw new ConfigError(`--selector ${name}: the project has no ${SELECTORS_FILE}`, { hint: `define selectors in ${SELECTORS_FILE} at the project root` });
  const document = parse(readFileSync(file, 'utf8')) as { selectors?: { name?: string; definition?: unknown }[] } | null;
  const selectors = new Map((document?.selectors ?? []).map((entry) => [String(entry.name), entry.definition]));
  const resolve = (wanted: string, seen: readonly string[]): ResolvedSelector => {
    if (!selectors.has(wanted)) {
      const near = didYouMean(wanted, selectors.keys());
      throw new ConfigError(`--selector ${wanted}: no selector of that name in ${SELECTORS_FILE}`, { file: SELECTORS_FILE, hint: near ? `did you mean '${near}'?` : `selectors: ${[...selectors.keys()].join(', ')}` });
    }
    if (seen.includes(wanted)) throw new ConfigError(`selector '${wanted}' refers to itself (${[...seen, wanted].join(' -> ')})`, { file: SELECTORS_FILE });
    const out: ResolvedSelector = { select: [], exclude: [] };
    addDefinition(selectors.get(wanted), out, (other) => resolve(other, [...seen, wanted]));
    return out;
  };
  return resolve(name, []);
}

function addDefinition(definition: unknown, out: ResolvedSelector, named: (name: string) => ResolvedSelector): void {
  if (typeof definition === 'string') {
    out.select.push(...definition.split(/\s+/).filter(Boolean));
    return;
  }
  if (typeof definition !== 'object' || definition === null) throw new ConfigError(`${SELECTORS_FILE}: a definition must be a string or a mapping, found ${JSON.stringify(definition)}`, { file: SELECTORS_FILE });
  const map = definition as Record<string, unknown>;
  if (Array.isArray(map.union)) {
    for (const item of map.union) addDefinition(item, out, named);
    return;
  }
  if (Array.isArray(map.intersection)) {
    const parts = map.intersection.map((item) => {
      const inner: ResolvedSelector = { select: [], exclude: [] };
      addDefinition(item, inner, named);
      if (inner.select.length !== 1 || inner.exclude.length > 0) {
        throw new ConfigError(`${SELECTORS_FILE}: an intersection of unions or excludes is not supported yet`, { file: SELECTORS_FILE, hint: 'write each intersection member as one method/value' });
      }
      return inner.select[0]!;
    });
    out.select.push(parts.join(','));
    return;
  }
  if (Array.isArray(map.exclude)) {
    for (const item of map.exclude) {
      const inner: ResolvedSelector = { select: [], exclude: [] };
      addDefinition(item, inner, named);
      out.exclude.push(...inner.select);
    }
    return;
  }
  if (typeof map.method === 'string') {
    if (map.method === 'selector') {
      const other = named(String(map.value));
      out.select.push(...other.select);
      out.exclude.push(...other.exclude);
      return;
    }
    const method = map.method === 'fqn' ? '' : `${map.method}:`;
    const parents = map.parents === true ? `${map.parents_depth ?? ''}+` : map.childrens_parents === true ? '@' : '';
    const children = map.children === true ? `+${map.children_depth ?? ''}` : '';
    out.select.push(`${parents}${method}${String(map.value)}${children}`);
    return;
  }
  const [key] = Object.keys(map);
  if (key !== undefined && Object.keys(map).length === 1 && key !== 'exclude') {
    // The short form `- tag: nightly`.
    out.select.push(`${key}:${String(map[key])}`);
    return;
  }
  throw new ConfigError(`${SELECTORS_FILE}: cannot read the definition ${JSON.stringify(definition)}`, { file: SELECTORS_FILE, hint: 'use union, intersection, exclude, or method/value' });
}
