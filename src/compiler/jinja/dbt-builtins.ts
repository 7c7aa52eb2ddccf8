/**
 * dbt's context helpers that are the same for every node: return, tojson/fromjson, toyaml/fromyaml, zip, set,
 * set_strict, local_md5, print and `modules` (datetime, re, itertools), with dbt-core's signatures and results.
 */
import { createHash } from 'node:crypto';
import { define, REQUIRED } from './py-arguments.js';
import { MacroReturn } from './jinja-macro.js';
import { jsonDumps, jsonLoads, yamlDump, yamlLoad } from './py-json.js';
import { iterate, unorderedItems } from './py-operators.js';
import { datetimeModule } from './py-datetime.js';
import { reModule } from './py-re.js';
import { isDict, isTuple, JinjaRuntimeError, num, PyFloat, PyIterator, pyFunction, str, tuple, type PyCallable } from './py-values.js';

function combinations(items: unknown[], size: number): unknown[][] {
  if (size === 0) return [[]];
  const out: unknown[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

function permutations(items: unknown[], size: number): unknown[][] {
  if (size === 0) return [[]];
  const out: unknown[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)], size - 1)) out.push([item, ...rest]);
  });
  return out;
}

function product(pools: unknown[][]): unknown[][] {
  return pools.reduce<unknown[][]>((acc, pool) => acc.flatMap((prefix) => pool.map((item) => [...prefix, item])), [[]]);
}

function itertoolsModule(): Record<string, PyCallable> {
  const iterator = (items: unknown[][]): PyIterator => new PyIterator(items.map((items_) => tuple(items_)), 'itertools');
  return {
    product: pyFunction('product', (args, kwargs) => {
      const pools = args.map((arg) => iterate(arg));
      const repeat = kwargs.repeat === undefined ? 1 : num(kwargs.repeat);
      const all: unknown[][] = [];
      for (let i = 0; i < repeat; i++) all.push(...pools);
      return iterator(product(all));
    }),
    chain: pyFunction('chain', (args) => new PyIterator(args.flatMap((arg) => iterate(arg)), 'itertools.chain')),
    combinations: define('combinations', ['iterable', 'r'], [REQUIRED, REQUIRED], (items: unknown, r: unknown) => iterator(combinations(iterate(items), num(r)))),
    permutations: define('permutations', ['iterable', 'r'], [REQUIRED, null], (items: unknown, r: unknown) => {
      const pool = iterate(items);
      return iterator(permutations(pool, r === null ? pool.length : num(r)));
    }),
    islice: pyFunction('islice', (args) => {
      const items = iterate(args[0]);
      const [start, stop, step] = args.length === 2 ? [0, args[1], 1] : [args[1] ?? 0, args[2], args[3] ?? 1];
      const out: unknown[] = [];
      const end = stop === null || stop === undefined ? items.length : Math.min(num(stop), items.length);
      for (let i = num(start); i < end; i += num(step)) out.push(items[i]);
      return new PyIterator(out, 'itertools.islice');
    }),
    repeat: define('repeat', ['object', 'times'], [REQUIRED, null], (value: unknown, times: unknown) => {
      if (times === null) throw new JinjaRuntimeError('itertools.repeat without times never ends', 'Unsupported');
      return new PyIterator(Array.from({ length: num(times) }, () => value), 'itertools.repeat');
    }),
    zip_longest: pyFunction('zip_longest', (args, kwargs) => {
      const pools = args.map((arg) => iterate(arg));
      const longest = Math.max(0, ...pools.map((pool) => pool.length));
      const fill = kwargs.fillvalue ?? null;
      return iterator(Array.from({ length: longest }, (_, i) => pools.map((pool) => (i < pool.length ? pool[i] : fill))));
    }),
  };
}

/** Python's set(): lists and dicts are unhashable; equal numbers (1 and 1.0) are one element. */
function pythonSet(value: unknown): Set<unknown> {
  const out = new Set<unknown>();
  for (const item of unorderedItems(value)) {
    if (Array.isArray(item) && !isTuple(item)) throw new JinjaRuntimeError("unhashable type: 'list'");
    if (isDict(item)) throw new JinjaRuntimeError("unhashable type: 'dict'");
    out.add(item instanceof PyFloat ? item.value : item);
  }
  return out;
}

function pythonZip(args: unknown[]): PyIterator {
  const pools = args.map((arg) => iterate(arg));
  const shortest = pools.length === 0 ? 0 : Math.min(...pools.map((pool) => pool.length));
  return new PyIterator(Array.from({ length: shortest }, (_, i) => tuple(pools.map((pool) => pool[i]))), 'zip');
}

/** The helpers, keyed by the name a template calls them by. `now` is the clock behind modules.datetime. */
export function dbtBuiltins(now: () => Date = () => new Date()): Record<string, unknown> {
  const catching = (fallback: unknown, work: () => unknown, kinds: readonly string[]): unknown => {
    try {
      return work();
    } catch (error) {
      if (error instanceof JinjaRuntimeError && kinds.includes(error.pythonType)) return fallback;
      if (error instanceof SyntaxError && kinds.includes('ValueError')) return fallback;
      throw error;
    }
  };
  return {
    return: define('return', ['value'], [null], (value: unknown) => {
      throw new MacroReturn(value);
    }),
    tojson: define('tojson', ['value', 'default', 'sort_keys'], [REQUIRED, null, false], (value: unknown, fallback: unknown, sortKeys: unknown) =>
      catching(fallback, () => jsonDumps(value, { sortKeys: Boolean(sortKeys) }), ['ValueError'])),
    fromjson: define('fromjson', ['string', 'default'], [REQUIRED, null], (text: unknown, fallback: unknown) => catching(fallback, () => jsonLoads(str(text)), ['ValueError'])),
    toyaml: define('toyaml', ['value', 'default', 'sort_keys'], [REQUIRED, null, false], (value: unknown, fallback: unknown, sortKeys: unknown) =>
      catching(fallback, () => yamlDump(value, Boolean(sortKeys)), ['ValueError', 'RepresenterError'])),
    fromyaml: define('fromyaml', ['value', 'default'], [REQUIRED, null], (text: unknown, fallback: unknown) => {
      try {
        return yamlLoad(str(text));
      } catch {
        return fallback;
      }
    }),
    zip: pyFunction('zip', (args, kwargs) => catching(kwargs.default ?? null, () => pythonZip(args), ['TypeError'])),
    set: define('set', ['value', 'default'], [REQUIRED, null], (value: unknown, fallback: unknown) => catching(fallback, () => pythonSet(value), ['TypeError'])),
    set_strict: define('set_strict', ['value'], [REQUIRED], (value: unknown) => pythonSet(value)),
    local_md5: define('local_md5', ['value'], [REQUIRED], (value: unknown) => createHash('md5').update(str(value)).digest('hex')),
    print: define('print', ['msg'], [REQUIRED], (message: unknown) => {
      process.stdout.write(`${str(message)}\n`);
      return '';
    }),
    modules: { datetime: datetimeModule(now), re: reModule(), itertools: itertoolsModule() },
  };
}
