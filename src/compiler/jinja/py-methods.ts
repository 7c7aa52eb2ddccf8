/** The methods of Python's str, list and dict that templates call (`'x'.upper()`, `xs.append(1)`, `d.items()`). */
import { define, REQUIRED, variadic } from './py-arguments.js';
import { strFormat } from './py-format.js';
import { eq, iterate, order, unorderedItems } from './py-operators.js';
import { isDict, isTuple, JinjaRuntimeError, num, pyFunction, PY_WHITESPACE, PyView, str, tuple, typeName, type PyCallable } from './py-values.js';

type Access = { getattr(obj: unknown, name: string): unknown; getitem(obj: unknown, key: unknown): unknown };
let access: Access;

/** The attribute and item lookups str.format() uses for `{0.name}` and `{0[key]}` (set by py-access). */
export function useAccess(value: Access): void {
  access = value;
}

const WHITESPACE = PY_WHITESPACE;
const SPACES = `[${PY_WHITESPACE}]+`;

/** Python's str.replace: an empty `old` inserts the replacement before every character and at the end. */
export function pyReplace(text: string, old: string, replacement: string, count: number): string {
  if (old === '') {
    const chars = [...text];
    const slots = chars.length + 1;
    const limit = count < 0 ? slots : Math.min(count, slots);
    let out = '';
    for (let i = 0; i < chars.length; i++) out += (i < limit ? replacement : '') + chars[i];
    return limit === slots ? out + replacement : out;
  }
  const parts = text.split(old);
  if (count < 0 || parts.length - 1 <= count) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

function stripChars(text: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === null || chars === undefined ? WHITESPACE : String(chars);
  let start = 0;
  let end = text.length;
  if (left) while (start < end && set.includes(text[start]!)) start++;
  if (right) while (end > start && set.includes(text[end - 1]!)) end--;
  return text.slice(start, end);
}

function split(text: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = num(maxsplit);
  if (sep === null || sep === undefined) {
    const parts: string[] = [];
    let rest = text.replace(new RegExp(`^${SPACES}`), '');
    while (rest.length > 0) {
      if (limit >= 0 && parts.length === limit) {
        parts.push(rest);
        return parts;
      }
      const match = new RegExp(SPACES).exec(rest);
      if (!match) {
        parts.push(rest);
        break;
      }
      parts.push(rest.slice(0, match.index));
      rest = rest.slice(match.index + match[0].length);
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw new JinjaRuntimeError('empty separator', 'ValueError');
  const all = text.split(separator);
  if (limit < 0 || all.length <= limit + 1) return all;
  return [...all.slice(0, limit), all.slice(limit).join(separator)];
}

function rsplit(text: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = num(maxsplit);
  if (limit < 0) return split(text, sep, -1);
  if (sep === null || sep === undefined) {
    const words = split(text, null, -1);
    if (words.length <= limit + 1) return words;
    const trimmed = text.replace(/\s+$/, '');
    let cut = trimmed.length;
    for (let i = 0; i < limit; i++) {
      cut = trimmed.slice(0, cut).replace(/\s+$/, '').search(/\S+$/);
    }
    return [trimmed.slice(0, cut).replace(/\s+$/, ''), ...words.slice(words.length - limit)];
  }
  const separator = String(sep);
  const all = text.split(separator);
  if (all.length <= limit + 1) return all;
  return [all.slice(0, all.length - limit).join(separator), ...all.slice(all.length - limit)];
}

function sliceBounds(length: number, start: unknown, end: unknown): [number, number] {
  const norm = (value: unknown, fallback: number): number => {
    if (value === null || value === undefined) return fallback;
    const n = num(value);
    return n < 0 ? Math.max(0, length + n) : Math.min(n, length);
  };
  return [norm(start, 0), norm(end, length)];
}

function titleCase(text: string): string {
  return text.replace(/[A-Za-z\u00C0-\uFFFF]+/g, (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase());
}

function expectStr(method: string, value: unknown): string {
  if (typeof value !== 'string') throw new JinjaRuntimeError(`${method} arg must be None or str`);
  return value;
}

function stringMethod(text: string, name: string): PyCallable | undefined {
  switch (name) {
    case 'upper': return define(name, [], [], () => text.toUpperCase());
    case 'lower': return define(name, [], [], () => text.toLowerCase());
    // Full case folding, approximated by upper then lower case: 'ß' -> 'ss', 'ﬁ' -> 'fi', as Python's casefold().
    case 'casefold': return define(name, [], [], () => text.toUpperCase().toLowerCase());
    case 'swapcase': return define(name, [], [], () => [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''));
    case 'strip': return define(name, ['chars'], [null], (chars: unknown) => stripChars(text, chars, true, true));
    case 'lstrip': return define(name, ['chars'], [null], (chars: unknown) => stripChars(text, chars, true, false));
    case 'rstrip': return define(name, ['chars'], [null], (chars: unknown) => stripChars(text, chars, false, true));
    case 'split': return define(name, ['sep', 'maxsplit'], [null, -1], (sep: unknown, maxsplit: unknown) => split(text, sep, maxsplit));
    case 'rsplit': return define(name, ['sep', 'maxsplit'], [null, -1], (sep: unknown, maxsplit: unknown) => rsplit(text, sep, maxsplit));
    case 'splitlines': return define(name, ['keepends'], [false], (keep: unknown) => {
      const lines = text.match(/[^\n\r]*(\r\n|\n|\r)|[^\n\r]+$/g) ?? [];
      return keep ? lines : lines.map((line) => line.replace(/(\r\n|\n|\r)$/, ''));
    });
    case 'replace': return define(name, ['old', 'new', 'count'], [REQUIRED, REQUIRED, -1], (old: unknown, replacement: unknown, count: unknown) =>
      pyReplace(text, expectStr('replace()', old), String(replacement), num(count)));
    case 'startswith':
    case 'endswith': return define(name, ['prefix', 'start', 'end'], [REQUIRED, null, null], (prefix: unknown, start: unknown, end: unknown) => {
      const [from, to] = sliceBounds(text.length, start, end);
      const part = text.slice(from, to);
      const options = isTuple(prefix) ? prefix : [prefix];
      return options.some((option) => {
        if (typeof option !== 'string') throw new JinjaRuntimeError(`${name} first arg must be str or a tuple of str, not ${typeName(option)}`);
        return name === 'startswith' ? part.startsWith(option) : part.endsWith(option);
      });
    });
    case 'format': return pyFunction(name, (args, kwargs) => strFormat(text, args, kwargs, access.getattr, access.getitem));
    case 'join': return define(name, ['iterable'], [REQUIRED], (items: unknown) => iterate(items).map((item) => {
      if (typeof item !== 'string') throw new JinjaRuntimeError(`sequence item: expected str instance, ${typeName(item)} found`);
      return item;
    }).join(text));
    case 'title': return define(name, [], [], () => titleCase(text));
    case 'capitalize': return define(name, [], [], () => (text ? text[0]!.toUpperCase() + text.slice(1).toLowerCase() : ''));
    case 'count': return define(name, ['sub', 'start', 'end'], [REQUIRED, null, null], (sub: unknown, start: unknown, end: unknown) => {
      const [from, to] = sliceBounds(text.length, start, end);
      const part = text.slice(from, to);
      const needle = expectStr('count()', sub);
      return needle === '' ? part.length + 1 : part.split(needle).length - 1;
    });
    case 'find':
    case 'index':
    case 'rfind':
    case 'rindex': return define(name, ['sub', 'start', 'end'], [REQUIRED, null, null], (sub: unknown, start: unknown, end: unknown) => {
      const [from, to] = sliceBounds(text.length, start, end);
      const part = text.slice(from, to);
      const at = name.startsWith('r') ? part.lastIndexOf(expectStr(name, sub)) : part.indexOf(expectStr(name, sub));
      if (at === -1 && name.endsWith('index')) throw new JinjaRuntimeError('substring not found', 'ValueError');
      return at === -1 ? -1 : at + from;
    });
    case 'isdecimal': return define(name, [], [], () => /^\p{Nd}+$/u.test(text));
    case 'isdigit': return define(name, [], [], () => /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24f5-\u24fd\u2776-\u277e\u2780-\u2788\u278a-\u2792]+$/u.test(text));
    case 'isnumeric': return define(name, [], [], () => /^\p{N}+$/u.test(text));
    case 'isalpha': return define(name, [], [], () => /^\p{L}+$/u.test(text));
    case 'isalnum': return define(name, [], [], () => /^[\p{L}\d]+$/u.test(text));
    case 'isspace': return define(name, [], [], () => new RegExp(`^${SPACES}$`).test(text));
    case 'isupper': return define(name, [], [], () => /\p{Lu}/u.test(text) && !/\p{Ll}/u.test(text));
    case 'islower': return define(name, [], [], () => /\p{Ll}/u.test(text) && !/\p{Lu}/u.test(text));
    case 'istitle': return define(name, [], [], () => text !== '' && titleCase(text) === text && /\p{L}/u.test(text));
    case 'isidentifier': return define(name, [], [], () => /^[A-Za-z_][A-Za-z0-9_]*$/.test(text));
    case 'zfill': return define(name, ['width'], [REQUIRED], (width: unknown) => {
      const sign = /^[-+]/.test(text) ? text[0]! : '';
      return sign + text.slice(sign.length).padStart(num(width) - sign.length, '0');
    });
    case 'center': return define(name, ['width', 'fillchar'], [REQUIRED, ' '], (width: unknown, fill: unknown) => {
      const missing = num(width) - text.length;
      if (missing <= 0) return text;
      const left = Math.floor(missing / 2) + (missing % 2 & num(width) % 2);
      return String(fill).repeat(left) + text + String(fill).repeat(missing - left);
    });
    case 'ljust': return define(name, ['width', 'fillchar'], [REQUIRED, ' '], (width: unknown, fill: unknown) => text.padEnd(num(width), String(fill)));
    case 'rjust': return define(name, ['width', 'fillchar'], [REQUIRED, ' '], (width: unknown, fill: unknown) => text.padStart(num(width), String(fill)));
    case 'partition':
    case 'rpartition': return define(name, ['sep'], [REQUIRED], (sep: unknown) => {
      const separator = expectStr(name, sep);
      const at = name === 'partition' ? text.indexOf(separator) : text.lastIndexOf(separator);
      if (at === -1) return name === 'partition' ? tuple([text, '', '']) : tuple(['', '', text]);
      return tuple([text.slice(0, at), separator, text.slice(at + separator.length)]);
    });
    case 'removeprefix': return define(name, ['prefix'], [REQUIRED], (p: unknown) => (text.startsWith(String(p)) ? text.slice(String(p).length) : text));
    case 'removesuffix': return define(name, ['suffix'], [REQUIRED], (s: unknown) => (String(s) && text.endsWith(String(s)) ? text.slice(0, -String(s).length) : text));
    case 'expandtabs': return define(name, ['tabsize'], [8], (size: unknown) => text.replace(/\t/g, ' '.repeat(num(size))));
    default: return undefined;
  }
}

function sortItems(items: unknown[], key: unknown, reverse: unknown, call: (fn: unknown, args: unknown[]) => unknown): void {
  const keys = key === null || key === undefined ? items : items.map((item) => call(key, [item]));
  const indexes = items.map((_, i) => i);
  indexes.sort((a, b) => order(keys[a], keys[b], '<'));
  if (reverse) indexes.reverse();
  const sorted = indexes.map((i) => items[i]);
  items.splice(0, items.length, ...sorted);
}

function listMethod(items: unknown[], name: string, call: (fn: unknown, args: unknown[]) => unknown): PyCallable | undefined {
  const frozen: boolean = isTuple(items as unknown);
  switch (name) {
    case 'count': return define(name, ['value'], [REQUIRED], (value: unknown) => items.filter((item) => eq(item, value)).length);
    case 'index': return define(name, ['value', 'start', 'end'], [REQUIRED, null, null], (value: unknown, start: unknown, end: unknown) => {
      const [from, to] = sliceBounds(items.length, start, end);
      for (let i = from; i < to; i++) if (eq(items[i], value)) return i;
      throw new JinjaRuntimeError(`${typeName(items)}.index(x): x not in ${typeName(items)}`, 'ValueError');
    });
    default:
      if (frozen) return undefined;
  }
  switch (name) {
    case 'append': return define(name, ['object'], [REQUIRED], (value: unknown) => {
      items.push(value);
      return null;
    });
    case 'extend': return define(name, ['iterable'], [REQUIRED], (values: unknown) => {
      items.push(...iterate(values));
      return null;
    });
    case 'insert': return define(name, ['index', 'object'], [REQUIRED, REQUIRED], (index: unknown, value: unknown) => {
      let at = num(index);
      if (at < 0) at = Math.max(0, items.length + at);
      items.splice(Math.min(at, items.length), 0, value);
      return null;
    });
    case 'pop': return define(name, ['index'], [-1], (index: unknown) => {
      if (items.length === 0) throw new JinjaRuntimeError('pop from empty list', 'IndexError');
      const at = num(index) < 0 ? items.length + num(index) : num(index);
      if (at < 0 || at >= items.length) throw new JinjaRuntimeError('pop index out of range', 'IndexError');
      return items.splice(at, 1)[0];
    });
    case 'remove': return define(name, ['value'], [REQUIRED], (value: unknown) => {
      const at = items.findIndex((item) => eq(item, value));
      if (at === -1) throw new JinjaRuntimeError('list.remove(x): x not in list', 'ValueError');
      items.splice(at, 1);
      return null;
    });
    case 'reverse': return define(name, [], [], () => {
      items.reverse();
      return null;
    });
    case 'sort': return define(name, ['key', 'reverse'], [null, false], (key: unknown, reverse: unknown) => {
      sortItems(items, key, reverse, call);
      return null;
    });
    case 'copy': return define(name, [], [], () => [...items]);
    case 'clear': return define(name, [], [], () => {
      items.length = 0;
      return null;
    });
    default: return undefined;
  }
}

const DICT_METHODS = new Set(['items', 'keys', 'values', 'get', 'update', 'setdefault', 'pop', 'popitem', 'copy', 'clear']);

export function isDictMethod(name: string): boolean {
  return DICT_METHODS.has(name);
}

function ownKeys(dict: Record<string, unknown>): string[] {
  return Object.keys(dict).filter((key) => key !== '__keywords');
}

/** Keys are strings: a non-string key would change Python's output (printing, order), so it is refused. */
export function dictKey(key: unknown): string {
  if (typeof key === 'string') {
    if (/^(0|[1-9]\d{0,9})$/.test(key) && Number(key) < 4294967295) {
      throw new JinjaRuntimeError(`dict key '${key}' looks like an integer; JavaScript objects would reorder it. Use a non-numeric key`, 'Unsupported');
    }
    return key;
  }
  throw new JinjaRuntimeError(`dict keys must be strings in trevco templates (got ${typeName(key)})`, 'Unsupported');
}

function update(dict: Record<string, unknown>, args: unknown[], kwargs: Record<string, unknown>): void {
  for (const source of args) {
    if (isDict(source)) for (const key of ownKeys(source)) dict[dictKey(key)] = source[key];
    else for (const pair of iterate(source)) {
      const [key, value] = iterate(pair);
      dict[dictKey(key)] = value;
    }
  }
  for (const key of ownKeys(kwargs)) dict[dictKey(key)] = kwargs[key];
}

function dictMethod(dict: Record<string, unknown>, name: string): PyCallable | undefined {
  switch (name) {
    case 'items': return define(name, [], [], () => new PyView('dict_items', () => ownKeys(dict).map((key) => tuple([key, dict[key]]))));
    case 'keys': return define(name, [], [], () => new PyView('dict_keys', () => ownKeys(dict)));
    case 'values': return define(name, [], [], () => new PyView('dict_values', () => ownKeys(dict).map((key) => dict[key])));
    case 'get': return define(name, ['key', 'default'], [REQUIRED, null], (key: unknown, fallback: unknown) =>
      (typeof key === 'string' && key !== '__keywords' && Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : fallback));
    case 'update': return pyFunction(name, (args, kwargs) => {
      update(dict, args, kwargs);
      return null;
    });
    case 'setdefault': return define(name, ['key', 'default'], [REQUIRED, null], (key: unknown, fallback: unknown) => {
      const k = dictKey(key);
      if (!Object.prototype.hasOwnProperty.call(dict, k)) dict[k] = fallback;
      return dict[k];
    });
    case 'pop': return variadic(name, (key: unknown, ...fallback: unknown[]) => {
      if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(dict, key)) {
        const value = dict[key];
        delete dict[key];
        return value;
      }
      if (fallback.length > 0) return fallback[0];
      throw new JinjaRuntimeError(String(key), 'KeyError');
    });
    case 'popitem': return define(name, [], [], () => {
      const keys = ownKeys(dict);
      if (keys.length === 0) throw new JinjaRuntimeError("'popitem(): dictionary is empty'", 'KeyError');
      const key = keys[keys.length - 1]!;
      const value = dict[key];
      delete dict[key];
      return tuple([key, value]);
    });
    case 'copy': return define(name, [], [], () => Object.fromEntries(ownKeys(dict).map((key) => [key, dict[key]])));
    case 'clear': return define(name, [], [], () => {
      for (const key of ownKeys(dict)) delete dict[key];
      return null;
    });
    default: return undefined;
  }
}

function setMethod(set: Set<unknown>, name: string): PyCallable | undefined {
  switch (name) {
    case 'add': return define(name, ['elem'], [REQUIRED], (value: unknown) => {
      set.add(value);
      return null;
    });
    case 'update': return variadic(name, (...sources: unknown[]) => {
      for (const source of sources) for (const item of unorderedItems(source)) set.add(item);
      return null;
    });
    case 'union': return variadic(name, (...sources: unknown[]) => new Set([...set, ...sources.flatMap((source) => unorderedItems(source))]));
    case 'intersection': return variadic(name, (...sources: unknown[]) => new Set([...set].filter((item) => sources.every((source) => unorderedItems(source).includes(item)))));
    case 'difference': return variadic(name, (...sources: unknown[]) => new Set([...set].filter((item) => sources.every((source) => !unorderedItems(source).includes(item)))));
    case 'discard':
    case 'remove': return define(name, ['elem'], [REQUIRED], (value: unknown) => {
      if (!set.delete(value) && name === 'remove') throw new JinjaRuntimeError(str(value), 'KeyError');
      return null;
    });
    default: return undefined;
  }
}

/** The bound method `name` of a str, list, tuple, dict or set, or undefined when it has none. */
export function builtinMethod(value: unknown, name: string, call: (fn: unknown, args: unknown[]) => unknown): PyCallable | undefined {
  if (typeof value === 'string') return stringMethod(value, name);
  if (Array.isArray(value)) return listMethod(value, name, call);
  if (isDict(value)) return dictMethod(value, name);
  if (value instanceof Set) return setMethod(value, name);
  return undefined;
}

/** The attributes of an int or float (`x.real`): Python's numbers have a few. */
export function numberAttribute(value: unknown, name: string): unknown {
  if (typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  const n = num(value);
  switch (name) {
    case 'real': return typeof value === 'boolean' ? n : value;
    case 'imag': return 0;
    case 'numerator': return Number.isInteger(n) ? n : undefined;
    case 'denominator': return Number.isInteger(n) ? 1 : undefined;
    case 'is_integer': return define(name, [], [], () => Number.isInteger(n));
    default: return undefined;
  }
  return undefined;
}

export { sliceBounds };
