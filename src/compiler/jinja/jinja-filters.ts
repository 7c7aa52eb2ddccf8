/** jinja2's built-in filters and dbt's as_* filters, with jinja2's signatures and Python's results. */
import { define, REQUIRED } from './py-arguments.js';
import { call, getattr, getitem } from './py-access.js';
import { percentFormat } from './py-format.js';
import { jsonDumps } from './py-json.js';
import { contains, eq, exactInt, iterate, order, unorderedItems } from './py-operators.js';
import {
  isDict, isFloat, isInt, isNumber, isTuple, JinjaRuntimeError, makeFloat, num, pyFunction, PyFloat, PyIterator, PY_WHITESPACE, PyView, repr,
  str, truthy, tuple, typeName, UnsupportedConstructError, type PyCallable,
} from './py-values.js';
import { filterNames, TESTS } from './jinja-tests.js';
import { pyRound } from './py-round.js';
import { isDictMethod, pyReplace } from './py-methods.js';

/** jinja2's make_attrgetter: `'a.b'` or `'0'`, item then attribute at each step. */
function attrGetter(attribute: unknown, fallback?: unknown, lower = false): (item: unknown) => unknown {
  const parts = attribute === null || attribute === undefined ? [] : isInt(attribute) ? [num(attribute)] : String(attribute).split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  return (item: unknown) => {
    let value = item;
    for (const part of parts) value = getitem(value, part);
    if (value === undefined && fallback !== undefined) value = fallback;
    return lower && typeof value === 'string' ? value.toLowerCase() : value;
  };
}

function lowerIfText(value: unknown, caseSensitive: unknown): unknown {
  return !truthy(caseSensitive) && typeof value === 'string' ? value.toLowerCase() : value;
}

function length(value: unknown): number {
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (isDict(value)) return Object.keys(value).filter((key) => key !== '__keywords').length;
  if (value instanceof Set || value instanceof Map) return value.size;
  if (value instanceof PyView) return value.items().length;
  if (value === undefined) return 0;
  throw new JinjaRuntimeError(`object of type '${typeName(value)}' has no len()`);
}

function sortedBy(items: unknown[], key: (item: unknown) => unknown, reverse: unknown): unknown[] {
  const keys = items.map(key);
  const indexes = items.map((_, i) => i).sort((a, b) => order(keys[a], keys[b], '<') || a - b);
  if (truthy(reverse)) {
    // Python's sort(reverse=True) keeps equal items in their original order.
    indexes.sort((a, b) => order(keys[b], keys[a], '<') || a - b);
  }
  return indexes.map((i) => items[i]);
}

function applyTest(args: unknown[], offset: number, kwargs: Record<string, unknown>): (item: unknown) => boolean {
  if (args.length <= offset) return truthy;
  const name = String(args[offset]);
  const test = TESTS[name];
  if (!test) throw new JinjaRuntimeError(`No test named '${name}'`, 'TemplateRuntimeError');
  const rest = args.slice(offset + 1);
  return (item: unknown) => truthy(test([item, ...rest], kwargs));
}

function selectOrReject(name: string, attribute: boolean, keep: boolean): PyCallable {
  return pyFunction(name, (args, kwargs) => {
    const [value] = args;
    const getter = attribute ? attrGetter(args[1]) : (item: unknown) => item;
    const test = applyTest(args, attribute ? 2 : 1, kwargs);
    return new PyIterator(iterate(value).filter((item) => test(getter(item)) === keep));
  });
}

function toInt(value: unknown, fallback: unknown, base: unknown): unknown {
  if (isInt(value)) return num(value);
  if (isFloat(value)) return Math.trunc(num(value));
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '');
    const b = num(base);
    const digits = b === 16 ? /^[-+]?(0x)?[0-9a-f]+$/i : b === 8 ? /^[-+]?(0o)?[0-7]+$/i : b === 2 ? /^[-+]?(0b)?[01]+$/i : /^[-+]?\d+$/;
    if (digits.test(text)) return b === 10 ? Number(text) : parseInt(text.replace(/^([-+]?)0[xob]/i, '$1'), b);
    const asFloat = toFloat(value, undefined);
    if (asFloat !== undefined && Number.isFinite(num(asFloat))) return Math.trunc(num(asFloat));
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (isNumber(value)) return makeFloat(num(value));
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '').toLowerCase();
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text)) return makeFloat(Number(text));
    if (/^[-+]?(inf|infinity)$/.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/.test(text)) return NaN;
  }
  return fallback;
}

function escapeHtml(value: unknown): string {
  return str(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;');
}

function truncate(s: unknown, size: unknown, killwords: unknown, end: unknown, leeway: unknown): string {
  const text = str(s);
  const n = num(size);
  const tail = str(end);
  const slack = leeway === null || leeway === undefined ? 5 : num(leeway);
  if (text.length <= n + slack) return text;
  if (truthy(killwords)) return text.slice(0, n - tail.length) + tail;
  const cut = text.slice(0, n - tail.length);
  const lastSpace = cut.lastIndexOf(' ');
  // Python's cut.rsplit(' ', 1)[0]: without a space the whole cut stays.
  return (lastSpace === -1 ? cut : cut.slice(0, lastSpace)) + tail;
}

function indent(s: unknown, width: unknown, first: unknown, blank: unknown): string {
  const pad = typeof width === 'string' ? width : ' '.repeat(num(width));
  // jinja2 appends a newline, then uses str.splitlines(): a trailing newline gives no empty last line.
  const lines = `${str(s)}\n`.split('\n').slice(0, -1);
  let rv: string;
  if (truthy(blank)) rv = lines.join(`\n${pad}`);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += `\n${lines.map((line) => (line ? pad + line : line)).join('\n')}`;
  }
  return truthy(first) ? pad + rv : rv;
}

function center(value: unknown, width: unknown): string {
  const text = str(value);
  const missing = num(width) - text.length;
  if (missing <= 0) return text;
  const left = Math.floor(missing / 2) + (missing % 2 & num(width) % 2);
  return ' '.repeat(left) + text + ' '.repeat(missing - left);
}

function minMax(name: string, pick: (comparison: number) => boolean): PyCallable {
  return define(name, ['value', 'case_sensitive', 'attribute'], [REQUIRED, false, null], (value: unknown, caseSensitive: unknown, attribute: unknown) => {
    const items = unorderedItems(value);
    if (items.length === 0) return undefined;
    const key = attrGetter(attribute, undefined, !truthy(caseSensitive));
    let best = items[0];
    for (const item of items.slice(1)) if (pick(order(key(item), key(best), '<'))) best = item;
    return best;
  });
}

function pprint(value: unknown): string {
  const sortedRepr = (item: unknown): string => {
    if (isDict(item)) {
      const keys = Object.keys(item).filter((key) => key !== '__keywords').sort();
      return `{${keys.map((key) => `${repr(key)}: ${sortedRepr(item[key])}`).join(', ')}}`;
    }
    if (isTuple(item)) return item.length === 1 ? `(${sortedRepr(item[0])},)` : `(${item.map(sortedRepr).join(', ')})`;
    if (Array.isArray(item)) return `[${item.map(sortedRepr).join(', ')}]`;
    return repr(item);
  };
  const text = sortedRepr(value);
  if (text.length > 80) throw new UnsupportedConstructError('pprint of a value longer than 80 characters is not supported (Python wraps it)');
  return text;
}

export const FILTERS: Record<string, PyCallable> = {
  abs: define('abs', ['x'], [REQUIRED], (x: unknown) => {
    if (!isNumber(x)) throw new JinjaRuntimeError(`bad operand type for abs(): '${typeName(x)}'`);
    return isFloat(x) ? makeFloat(Math.abs(num(x))) : Math.abs(num(x));
  }),
  // Python's getattr only: a dict's methods are attributes, its keys are not.
  attr: define('attr', ['obj', 'name'], [REQUIRED, REQUIRED], (obj: unknown, name: unknown) =>
    (isDict(obj) ? (isDictMethod(String(name)) ? getattr(obj, String(name)) : undefined) : getattr(obj, String(name)))),
  batch: define('batch', ['value', 'linecount', 'fill_with'], [REQUIRED, REQUIRED, null], (value: unknown, linecount: unknown, fill: unknown) => {
    const items = iterate(value);
    const size = num(linecount);
    const batches: unknown[][] = [];
    for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
    const lastBatch = batches[batches.length - 1];
    if (fill !== null && lastBatch && lastBatch.length < size) while (lastBatch.length < size) lastBatch.push(fill);
    return new PyIterator(batches);
  }),
  capitalize: define('capitalize', ['s'], [REQUIRED], (s: unknown) => { const t = str(s); return t ? t[0]!.toUpperCase() + t.slice(1).toLowerCase() : ''; }),
  center: define('center', ['value', 'width'], [REQUIRED, 80], center),
  count: define('count', ['obj'], [REQUIRED], length),
  default: define('default', ['value', 'default_value', 'boolean'], [REQUIRED, '', false], (value: unknown, fallback: unknown, boolean: unknown) =>
    (value === undefined || (truthy(boolean) && !truthy(value)) ? fallback : value)),
  dictsort: define('dictsort', ['value', 'case_sensitive', 'by', 'reverse'], [REQUIRED, false, 'key', false], (value: unknown, caseSensitive: unknown, by: unknown, reverse: unknown) => {
    if (!isDict(value)) throw new JinjaRuntimeError('You can only sort by either "key" or "value"');
    const position = by === 'key' ? 0 : by === 'value' ? 1 : undefined;
    if (position === undefined) throw new JinjaRuntimeError('You can only sort by either "key" or "value"', 'FilterArgumentError');
    const pairs = Object.keys(value).filter((key) => key !== '__keywords').map((key) => tuple([key, value[key]]));
    return sortedBy(pairs, (pair) => lowerIfText((pair as unknown[])[position], caseSensitive), reverse);
  }),
  escape: define('escape', ['s'], [REQUIRED], escapeHtml),
  first: define('first', ['seq'], [REQUIRED], (seq: unknown) => iterate(seq)[0]),
  float: define('float', ['value', 'default'], [REQUIRED, new PyFloat(0)], toFloat),
  forceescape: define('forceescape', ['value'], [REQUIRED], escapeHtml),
  format: pyFunction('format', (args, kwargs) => {
    const [value, ...rest] = args;
    const keys = Object.keys(kwargs).filter((key) => key !== '__keywords');
    if (rest.length > 0 && keys.length > 0) throw new JinjaRuntimeError("can't handle positional and keyword arguments at the same time", 'FilterArgumentError');
    return percentFormat(str(value), keys.length > 0 ? kwargs : tuple(rest));
  }),
  filesizeformat: define('filesizeformat', ['value', 'binary'], [REQUIRED, false], (value: unknown, binary: unknown) => {
    const bytes = num(toFloat(value, 0));
    const base = truthy(binary) ? 1024 : 1000;
    const prefixes = truthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
    if (bytes === 1) return '1 Byte';
    if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
    let unit = base;
    let prefix = prefixes[0]!;
    for (let i = 0; i < prefixes.length; i++) {
      unit = base ** (i + 2);
      prefix = prefixes[i]!;
      if (bytes < unit) break;
    }
    return `${percentFormat('%.1f', tuple([makeFloat((base * bytes) / unit)]))} ${prefix}`;
  }),
  groupby: define('groupby', ['value', 'attribute', 'default', 'case_sensitive'], [REQUIRED, REQUIRED, null, false], (value: unknown, attribute: unknown, fallback: unknown, caseSensitive: unknown) => {
    const key = attrGetter(attribute, fallback === null ? undefined : fallback, !truthy(caseSensitive));
    const rawKey = attrGetter(attribute, fallback === null ? undefined : fallback);
    const sorted = sortedBy(iterate(value), key, false);
    const groups: unknown[][] = [];
    let current: unknown[] | undefined;
    let currentKey: unknown;
    for (const item of sorted) {
      const k = key(item);
      if (!current || !eq(k, currentKey)) {
        current = [];
        currentKey = k;
        const grouper = truthy(caseSensitive) ? k : rawKey(item);
        const group = tuple([grouper, current]);
        Object.defineProperty(group, 'grouper', { value: grouper });
        Object.defineProperty(group, 'list', { value: current });
        Object.defineProperty(group, 'pyRepr', { value: () => `_GroupTuple(grouper=${repr(grouper)}, list=${repr(group[1])})` });
        groups.push(group);
      }
      current.push(item);
    }
    return groups;
  }),
  indent: define('indent', ['s', 'width', 'first', 'blank'], [REQUIRED, 4, false, false], indent),
  int: define('int', ['value', 'default', 'base'], [REQUIRED, 0, 10], toInt),
  items: define('items', ['value'], [REQUIRED], (value: unknown) => {
    if (value === undefined) return new PyIterator([]);
    if (!isDict(value)) throw new JinjaRuntimeError(`Can only get item pairs from a mapping.`, 'TypeError');
    return new PyIterator(Object.keys(value).filter((key) => key !== '__keywords').map((key) => tuple([key, value[key]])));
  }),
  join: define('join', ['value', 'd', 'attribute'], [REQUIRED, '', null], (value: unknown, separator: unknown, attribute: unknown) => {
    const getter = attrGetter(attribute);
    return iterate(value).map((item) => str(getter(item))).join(str(separator));
  }),
  last: define('last', ['seq'], [REQUIRED], (seq: unknown) => {
    if (seq instanceof PyIterator || (seq !== undefined && !Array.isArray(seq) && typeof seq !== 'string' && !isDict(seq))) throw new JinjaRuntimeError(`'${typeName(seq)}' object is not reversible`);
    const items = iterate(seq);
    return items[items.length - 1];
  }),
  length: define('length', ['obj'], [REQUIRED], length),
  list: define('list', ['value'], [REQUIRED], (value: unknown) => [...iterate(value)]),
  lower: define('lower', ['s'], [REQUIRED], (s: unknown) => str(s).toLowerCase()),
  map: pyFunction('map', (args, kwargs) => {
    const [value, ...rest] = args;
    const items = iterate(value);
    if (rest.length === 0 && Object.prototype.hasOwnProperty.call(kwargs, 'attribute')) {
      const getter = attrGetter(kwargs.attribute, kwargs.default);
      return new PyIterator(items.map(getter));
    }
    if (rest.length === 0) throw new JinjaRuntimeError('map requires a filter argument', 'FilterArgumentError');
    const name = String(rest[0]);
    const filter = FILTERS[name];
    if (!filter) throw new JinjaRuntimeError(`No filter named '${name}'`, 'TemplateRuntimeError');
    return new PyIterator(items.map((item) => filter([item, ...rest.slice(1)], kwargs)));
  }),
  max: minMax('max', (c) => c > 0),
  min: minMax('min', (c) => c < 0),
  pprint: define('pprint', ['value'], [REQUIRED], pprint),
  reject: selectOrReject('reject', false, false),
  rejectattr: selectOrReject('rejectattr', true, false),
  replace: define('replace', ['s', 'old', 'new', 'count'], [REQUIRED, REQUIRED, REQUIRED, null], (s: unknown, old: unknown, replacement: unknown, count: unknown) =>
    pyReplace(str(s), str(old), str(replacement), count === null ? -1 : num(count))),
  reverse: define('reverse', ['value'], [REQUIRED], (value: unknown) => {
    if (typeof value === 'string') return [...value].reverse().join('');
    if (Array.isArray(value)) return new PyIterator([...value].reverse(), 'list_reverseiterator');
    return [...iterate(value)].reverse();
  }),
  round: define('round', ['value', 'precision', 'method'], [REQUIRED, 0, 'common'], (value: unknown, precision: unknown, method: unknown) => {
    if (!['common', 'ceil', 'floor'].includes(String(method))) throw new JinjaRuntimeError('method must be common, ceil or floor', 'FilterArgumentError');
    if (!isNumber(value)) throw new JinjaRuntimeError(`type ${typeName(value)} doesn't define __round__ method`);
    const p = num(precision);
    if (method === 'common') return pyRound(value, p);
    const factor = 10 ** p;
    return makeFloat((method === 'ceil' ? Math.ceil : Math.floor)(num(value) * factor) / factor);
  }),
  safe: define('safe', ['value'], [REQUIRED], (value: unknown) => str(value)),
  select: selectOrReject('select', false, true),
  selectattr: selectOrReject('selectattr', true, true),
  slice: define('slice', ['value', 'slices', 'fill_with'], [REQUIRED, REQUIRED, null], (value: unknown, slices: unknown, fill: unknown) => {
    const seq = iterate(value);
    const n = num(slices);
    const perSlice = Math.floor(seq.length / n);
    const withExtra = seq.length % n;
    let offset = 0;
    const out: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const start = offset + i * perSlice;
      if (i < withExtra) offset += 1;
      const end = offset + (i + 1) * perSlice;
      const part = seq.slice(start, end);
      if (fill !== null && i >= withExtra) part.push(fill);
      out.push(part);
    }
    return new PyIterator(out);
  }),
  sort: define('sort', ['value', 'reverse', 'case_sensitive', 'attribute'], [REQUIRED, false, false, null], (value: unknown, reverse: unknown, caseSensitive: unknown, attribute: unknown) =>
    sortedBy(unorderedItems(value), attrGetter(attribute, undefined, !truthy(caseSensitive)), reverse)),
  string: define('string', ['value'], [REQUIRED], (value: unknown) => str(value)),
  striptags: define('striptags', ['value'], [REQUIRED], (value: unknown) => str(value).replace(/<!--.*?-->|<[^>]*>/gs, '').split(/\s+/).filter(Boolean).join(' ')),
  sum: define('sum', ['iterable', 'attribute', 'start'], [REQUIRED, null, 0], (iterable: unknown, attribute: unknown, start: unknown) => {
    const getter = attrGetter(attribute);
    let total: unknown = start;
    for (const item of unorderedItems(iterable)) {
      const value = getter(item);
      if (!isNumber(total) || !isNumber(value)) throw new JinjaRuntimeError(`unsupported operand type(s) for +: '${typeName(total)}' and '${typeName(value)}'`);
      total = isFloat(total) || isFloat(value) ? makeFloat(num(total) + num(value)) : exactInt(num(total) + num(value));
    }
    return total;
  }),
  title: define('title', ['s'], [REQUIRED], (s: unknown) => str(s).split(/([-\s({[<]+)/).filter(Boolean).map((item) => item[0]!.toUpperCase() + item.slice(1).toLowerCase()).join('')),
  tojson: define('tojson', ['value', 'indent'], [REQUIRED, null], (value: unknown, indentBy: unknown) => jsonDumps(value, { sortKeys: true, indent: indentBy as number | null, htmlSafe: true })),
  trim: define('trim', ['value', 'chars'], [REQUIRED, null], (value: unknown, chars: unknown) => {
    const text = str(value);
    const set = chars === null ? PY_WHITESPACE : str(chars);
    let start = 0;
    let end = text.length;
    while (start < end && set.includes(text[start]!)) start++;
    while (end > start && set.includes(text[end - 1]!)) end--;
    return text.slice(start, end);
  }),
  truncate: define('truncate', ['s', 'length', 'killwords', 'end', 'leeway'], [REQUIRED, 255, false, '...', null], truncate),
  unique: define('unique', ['value', 'case_sensitive', 'attribute'], [REQUIRED, false, null], (value: unknown, caseSensitive: unknown, attribute: unknown) => {
    const key = attrGetter(attribute, undefined, !truthy(caseSensitive));
    const seen: unknown[] = [];
    const out: unknown[] = [];
    for (const item of iterate(value)) {
      const k = key(item);
      if (!contains(seen, k)) {
        seen.push(k);
        out.push(item);
      }
    }
    return new PyIterator(out);
  }),
  upper: define('upper', ['s'], [REQUIRED], (s: unknown) => str(s).toUpperCase()),
  urlencode: define('urlencode', ['value'], [REQUIRED], (value: unknown) => {
    const encode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, '/');
    if (typeof value === 'string') return encode(value);
    const pairs = isDict(value) ? Object.keys(value).filter((key) => key !== '__keywords').map((key) => [key, value[key]]) : iterate(value).map((pair) => iterate(pair));
    const query = (text: string): string => encode(text).replace(/\//g, '%2F').replace(/%20/g, '+');
    return pairs.map(([k, v]) => `${query(str(k))}=${query(str(v))}`).join('&');
  }),
  xmlattr: define('xmlattr', ['d', 'autospace'], [REQUIRED, true], (d: unknown, autospace: unknown) => {
    if (!isDict(d)) throw new JinjaRuntimeError(`'${typeName(d)}' object has no attribute 'items'`, 'AttributeError');
    const parts: string[] = [];
    for (const key of Object.keys(d).filter((k) => k !== '__keywords')) {
      const value = d[key];
      if (value === null || value === undefined) continue;
      if (/[\s/>=]/.test(key)) throw new JinjaRuntimeError(`Invalid character in attribute name: ${repr(key)}`, 'ValueError');
      parts.push(`${escapeHtml(key)}="${escapeHtml(value)}"`);
    }
    const text = parts.join(' ');
    return truthy(autospace) && text ? ` ${text}` : text;
  }),
  wordcount: define('wordcount', ['s'], [REQUIRED], (s: unknown) => (str(s).match(/[\p{L}\p{N}_]+/gu) ?? []).length),
  // dbt: in SQL rendering these are identity filters (they only change YAML rendering to native types).
  as_bool: define('as_bool', ['value'], [REQUIRED], (value: unknown) => value),
  as_number: define('as_number', ['value'], [REQUIRED], (value: unknown) => value),
  as_text: define('as_text', ['value'], [REQUIRED], (value: unknown) => value),
  as_native: define('as_native', ['value'], [REQUIRED], (value: unknown) => value),
};
FILTERS.d = FILTERS.default!;
FILTERS.e = FILTERS.escape!;
for (const name of Object.keys(FILTERS)) filterNames.add(name);

export { call };
