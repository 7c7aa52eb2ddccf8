/** Python's json.dumps (jinja2's tojson filter, dbt's tojson()) and PyYAML's safe_dump/safe_load (dbt's toyaml/fromyaml). */
import { parse, stringify, type Tags } from 'yaml';
import { isDict, isFloat, JinjaRuntimeError, makeFloat, num, PyFloat, floatRepr, typeName } from './py-values.js';

export interface JsonOptions {
  readonly sortKeys?: boolean;
  readonly indent?: number | string | null;
  /** jinja2's tojson: `<`, `>`, `&`, `'` as \u escapes, safe inside HTML. */
  readonly htmlSafe?: boolean;
}

function quote(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const code = text.charCodeAt(i);
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (char === '\b') out += '\\b';
    else if (char === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

export function jsonDumps(value: unknown, options: JsonOptions = {}): string {
  const indentText = options.indent === null || options.indent === undefined ? undefined : typeof options.indent === 'string' ? options.indent : ' '.repeat(num(options.indent));
  const itemSeparator = indentText === undefined ? ', ' : ',';
  const encode = (item: unknown, level: number): string => {
    if (item === null) return 'null';
    if (item === true) return 'true';
    if (item === false) return 'false';
    if (typeof item === 'string') return quote(item);
    if (typeof item === 'number' || item instanceof PyFloat) {
      const n = num(item);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      return isFloat(item) ? floatRepr(n) : String(n);
    }
    const open = (items: string[], start: string, end: string): string => {
      if (items.length === 0) return start + end;
      if (indentText === undefined) return start + items.join(itemSeparator) + end;
      const inner = `\n${indentText.repeat(level + 1)}`;
      return start + inner + items.join(itemSeparator + inner) + `\n${indentText.repeat(level)}` + end;
    };
    if (Array.isArray(item)) return open(item.map((element) => encode(element, level + 1)), '[', ']');
    if (isDict(item)) {
      let keys = Object.keys(item).filter((key) => key !== '__keywords');
      if (options.sortKeys) keys = [...keys].sort();
      return open(keys.map((key) => `${quote(key)}: ${encode(item[key], level + 1)}`), '{', '}');
    }
    throw new JinjaRuntimeError(`Object of type ${typeName(item)} is not JSON serializable`);
  };
  const text = encode(value, 0);
  return options.htmlSafe ? text.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027') : text;
}

/** Python's json.loads: integral numbers written with a fraction or exponent stay floats. */
export function jsonLoads(text: string): unknown {
  return reviveFloats(JSON.parse(text) as unknown, text);
}

/** JSON.parse forgets that `1.0` was a float; find such numbers in the text and box them again. */
function reviveFloats(value: unknown, text: string): unknown {
  if (!/\d\.\d*0\b|\d[eE]/.test(text)) return value;
  const tokens: string[] = [];
  text.replace(/"(?:[^"\\]|\\.)*"|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)/g, (match, number: string | undefined) => {
    if (number !== undefined) tokens.push(number);
    return match;
  });
  let index = 0;
  const walk = (item: unknown): unknown => {
    if (typeof item === 'number') {
      const token = tokens[index++] ?? '';
      return /[.eE]/.test(token) ? makeFloat(item) : item;
    }
    if (Array.isArray(item)) return item.map(walk);
    if (isDict(item)) return Object.fromEntries(Object.entries(item).map(([key, element]) => [key, walk(element)]));
    return item;
  };
  return walk(value);
}

export function yamlDump(value: unknown, sortKeys: boolean): string {
  const plain = (item: unknown): unknown => {
    if (item instanceof PyFloat) return item.value;
    if (Array.isArray(item)) return item.map(plain);
    if (isDict(item)) return Object.fromEntries(Object.keys(item).filter((key) => key !== '__keywords').map((key) => [key, plain(item[key])]));
    if (item === undefined) throw new JinjaRuntimeError('cannot represent an undefined value in YAML', 'RepresenterError');
    return item;
  };
  return stringify(plain(value), { indentSeq: false, sortMapEntries: sortKeys, lineWidth: 0, nullStr: 'null' });
}

/** PyYAML's booleans: yes/no/on/off/true/false in three casings, but not y/n (which YAML 1.1 lists). */
function pyyamlBooleans(tags: Tags): Tags {
  const bool = {
    tag: 'tag:yaml.org,2002:bool',
    default: true,
    test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
    resolve: (text: string) => /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(text),
  };
  return [...tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:bool'), bool] as Tags;
}

export function yamlLoad(text: string): unknown {
  const toPy = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(toPy);
    if (isDict(item)) return Object.fromEntries(Object.entries(item).map(([key, element]) => [key, toPy(element)]));
    return item === undefined ? null : item;
  };
  return toPy(parse(text, { version: '1.1', customTags: pyyamlBooleans }) as unknown);
}
