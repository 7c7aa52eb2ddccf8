import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import { didYouMean } from '../errors/did-you-mean.js';
import type { ConfigProblems } from './config-problems.js';
import { isTemplate, type EnvVarRenderer } from './env-var-renderer.js';

/** What every located value of one file shares. */
export interface YamlContext {
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  readonly source: string;
  readonly problems: ConfigProblems;
  /** Renders `env_var()` in strings; absent where strings are kept as written. */
  readonly render?: EnvVarRenderer;
}

export interface YamlPosition {
  readonly line: number;
  readonly column: number;
}

export type YamlKind = 'map' | 'list' | 'scalar' | 'null';

/** A map entry: the key as a string, the key itself (for locating key errors) and the value. */
export interface YamlEntry {
  readonly key: string;
  readonly keyValue: YamlValue;
  readonly value: YamlValue;
}

type ScalarRead = { readonly ok: true; readonly value: unknown; readonly templated: boolean } | { readonly ok: false };

/**
 * A value of a YAML document together with its path (`targets.prod.type`, `models[2].columns[0]`) and position.
 * The typed readers (`string()`, `integer()`, `oneOf()`...) report a problem in the form
 * `<path> must be <expected> (found <what>)` and return undefined, so validation code reads top-down and every
 * problem in a file is collected.
 */
export class YamlValue {
  /** The node with aliases followed; undefined for an absent value (`key:` followed by nothing is a null scalar). */
  readonly node: Node | undefined;
  readonly position: YamlPosition;

  constructor(
    readonly context: YamlContext,
    node: unknown,
    readonly path: string,
    fallback: YamlPosition,
  ) {
    const own = node as Node | undefined | null;
    this.position = positionOf(context, own) ?? fallback;
    this.node = (isAlias(own) ? own.resolve(context.doc) : own) ?? undefined;
  }

  get kind(): YamlKind {
    if (isMap(this.node)) return 'map';
    if (isSeq(this.node)) return 'list';
    if (isScalar(this.node) && this.node.value !== null && this.node.value !== undefined) return 'scalar';
    return 'null';
  }

  /** The path for messages; the document itself is "the top level". */
  get label(): string {
    return this.path === '' ? 'the top level' : this.path;
  }

  /** The same value, but strings are taken as written (hooks are SQL templates rendered later, not at load). */
  verbatim(): YamlValue {
    if (!this.context.render) return this;
    const { render: _omitted, ...rest } = this.context;
    return new YamlValue(rest, this.node, this.path, this.position);
  }

  /** A warning at this value (a dbt key trevco accepts but does not act on). */
  warn(message: string): void {
    this.context.problems.warn(message, this.position);
  }

  error(message: string, hint?: string): void {
    this.context.problems.add({ message, hint, ...this.position });
  }

  /** Reports `<path> must be <expected> (found <what>)`. */
  mustBe(expected: string, hint?: string, found: unknown = this.#rawValue()): void {
    this.error(`${this.label} must be ${expected} (found ${describe(found)})`, hint);
  }

  /** Masks this value in error excerpts (passwords, URLs with a password). */
  markSecret(redact: (text: string) => string): void {
    const range = this.node?.range;
    if (!range) return;
    const text = this.context.source.slice(range[0], range[1]);
    this.context.problems.maskSecret(range[0], range[1], redact(text), this.position);
  }

  map(options: { readonly allowNull?: boolean } = {}): YamlMap | undefined {
    if (isMap(this.node)) return new YamlMap(this);
    if (options.allowNull && this.kind === 'null') return new YamlMap(this);
    this.mustBe('a mapping');
    return undefined;
  }

  list(options: { readonly allowNull?: boolean } = {}): YamlValue[] | undefined {
    if (isSeq(this.node)) {
      return this.node.items.map(
        (item, index) => new YamlValue(this.context, item, `${this.path}[${index}]`, this.position),
      );
    }
    if (options.allowNull && this.kind === 'null') return [];
    this.mustBe('a list');
    return undefined;
  }

  string(): string | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    if (typeof read.value === 'string') return read.value;
    this.mustBe('a string', undefined, read.value);
    return undefined;
  }

  nonEmptyString(): string | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    if (typeof read.value === 'string' && read.value.trim() !== '') return read.value;
    this.mustBe('a non-empty string', undefined, read.value);
    return undefined;
  }

  /** A scalar as text: numbers and booleans as written (`version: 1.0` is "1.0", not "1"). */
  text(): string | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    if (typeof read.value === 'string') return read.value;
    if (typeof read.value === 'number' || typeof read.value === 'boolean') {
      return isScalar(this.node) && typeof this.node.source === 'string' ? this.node.source : String(read.value);
    }
    this.mustBe('a string', undefined, read.value);
    return undefined;
  }

  boolean(): boolean | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    if (typeof read.value === 'boolean') return read.value;
    // A rendered env_var() is always a string; let "true"/"false" stand for the boolean.
    if (read.templated && typeof read.value === 'string' && /^(true|false)$/i.test(read.value.trim())) {
      return read.value.trim().toLowerCase() === 'true';
    }
    this.mustBe('true or false', undefined, read.value);
    return undefined;
  }

  /** An integer ≥ `min`; `expected` names it in the message ("a positive integer"). */
  integer(min: number, expected: string): number | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    let value = read.value;
    // A rendered env_var() is always a string; let "8" stand for the number.
    if (read.templated && typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) value = Number(value);
    if (typeof value === 'number' && Number.isInteger(value) && value >= min) return value;
    this.mustBe(expected, undefined, value);
    return undefined;
  }

  /** One of `choices`; with `ignoreCase`, the matching choice is returned (`ERROR` → `error`). */
  oneOf<T extends string>(choices: readonly T[], options: { readonly ignoreCase?: boolean } = {}): T | undefined {
    const read = this.#scalar();
    if (!read.ok) return undefined;
    if (typeof read.value === 'string') {
      const wanted = options.ignoreCase ? read.value.toLowerCase() : read.value;
      const found = choices.find((choice) => (options.ignoreCase ? choice.toLowerCase() : choice) === wanted);
      if (found !== undefined) return found;
      const near = didYouMean(read.value, choices);
      const hint = near === undefined ? undefined : `did you mean '${near}'?`;
      this.mustBe(`one of ${choices.join(', ')}`, hint, read.value);
      return undefined;
    }
    this.mustBe(`one of ${choices.join(', ')}`, undefined, read.value);
    return undefined;
  }

  /** A string or a list of strings, always returned as a list (`tags: daily` ≡ `tags: [daily]`). */
  stringList(): string[] | undefined {
    if (this.kind !== 'list') {
      const single = this.#scalar();
      if (!single.ok) return undefined;
      if (typeof single.value === 'string') return [single.value];
      this.mustBe('a string or a list of strings', undefined, single.value);
      return undefined;
    }
    const items = this.list() ?? [];
    const strings = items.map((item) => item.string());
    return strings.every((s): s is string => s !== undefined) ? strings : undefined;
  }

  /** A mapping of strings to strings (`column_types: { zip: text }`). */
  stringMap(): Record<string, string> | undefined {
    const map = this.map();
    if (!map) return undefined;
    const out: Record<string, string> = {};
    let ok = true;
    for (const { key, value } of map.entries()) {
      const text = value.string();
      if (text === undefined) ok = false;
      else out[key] = text;
    }
    return ok ? out : undefined;
  }

  /** The value as plain JavaScript (mappings become objects), with env_var() rendered in every string. */
  toJS(): unknown {
    switch (this.kind) {
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const { key, value } of new YamlMap(this).entries()) out[key] = value.toJS();
        return out;
      }
      case 'list':
        return (this.list() ?? []).map((item) => item.toJS());
      case 'null':
        return null;
      default: {
        const read = this.#scalar();
        return read.ok ? read.value : this.#rawValue();
      }
    }
  }

  #rawValue(): unknown {
    if (isMap(this.node) || isSeq(this.node)) return this.node;
    return isScalar(this.node) ? (this.node.value ?? null) : null;
  }

  /** The scalar value, with env_var() rendered; `ok: false` when rendering failed (already reported). */
  #scalar(): ScalarRead {
    const value = this.#rawValue();
    const render = this.context.render;
    if (typeof value !== 'string' || !render || !isTemplate(value)) return { ok: true, value, templated: false };
    const rendered = render(value);
    if (rendered.ok) return { ok: true, value: rendered.value, templated: true };
    if ('missing' in rendered) {
      for (const name of rendered.missing) {
        this.context.problems.add({
          message: `${this.label} uses environment variable ${name}, which is not set`,
          hint: `set ${name}, or give a default: env_var('${name}', '...')`,
          missingEnvVar: name,
          ...this.position,
        });
      }
    } else {
      this.error(
        `${this.label} could not be rendered: ${rendered.error}`,
        "strings in project.yml may use only env_var('NAME') and env_var('NAME', 'default')",
      );
    }
    return { ok: false };
  }
}

/** A mapping value: its entries (with YAML merge keys `<<: *anchor` applied), required and unknown keys. */
export class YamlMap {
  #entries: YamlEntry[] | undefined;

  constructor(readonly value: YamlValue) {}

  get path(): string {
    return this.value.path;
  }

  childPath(key: string): string {
    return this.path === '' ? key : `${this.path}.${key}`;
  }

  entries(): readonly YamlEntry[] {
    this.#entries ??= collectEntries(this.value, new Set());
    return this.#entries;
  }

  keys(): string[] {
    return this.entries().map((entry) => entry.key);
  }

  get(key: string): YamlValue | undefined {
    return this.entries().find((entry) => entry.key === key)?.value;
  }

  /** The value under `key`; when it is absent or null, reports `<path>.<key> is required` at the mapping. */
  required(key: string, hint?: string): YamlValue | undefined {
    const value = this.get(key);
    if (value !== undefined && value.kind !== 'null') return value;
    (value ?? this.value).error(`${this.childPath(key)} is required`, hint);
    return undefined;
  }

  /**
   * Reports every key not in `known`, with a did-you-mean hint (or `hints[key]` for keys with a known story).
   * Keys in `tolerated` (dbt keys trevco accepts but does not act on) get one warning line each instead.
   */
  rejectUnknownKeys(known: readonly string[], hints: Readonly<Record<string, string>> = {}, tolerated: readonly string[] = []): void {
    for (const { key, keyValue } of this.entries()) {
      if (known.includes(key)) continue;
      if (tolerated.includes(key)) {
        keyValue.warn(`${this.childPath(key)}: dbt's '${key}' is accepted but trevco does not act on it yet`);
        continue;
      }
      const near = didYouMean(key, known);
      const hint =
        hints[key] ?? (near === undefined ? `known keys: ${known.join(', ')}` : `did you mean '${near}'?`);
      keyValue.error(`${this.childPath(key)} is not a known key`, hint);
    }
  }
}

function collectEntries(map: YamlValue, seen: Set<Node>): YamlEntry[] {
  const node = map.node;
  if (!isMap(node) || seen.has(node)) return [];
  seen.add(node);
  const explicit: YamlEntry[] = [];
  const merged: YamlEntry[] = [];
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as Node | null;
    const keyScalar = isScalar(keyNode) ? keyNode.value : undefined;
    const keyValue = new YamlValue(map.context, keyNode, map.path, map.position);
    if (typeof keyScalar === 'symbol') {
      // `<<: *defaults` (YAML merge key): the anchored mapping's entries, unless the mapping sets them itself.
      // Merged entries keep this mapping's path: they are read as if written here.
      const source = new YamlValue(map.context, pair.value, map.path, keyValue.position);
      const nodes: unknown[] = isSeq(source.node) ? source.node.items : [source.node];
      for (const item of nodes) {
        merged.push(...collectEntries(new YamlValue(map.context, item, map.path, source.position), seen));
      }
      continue;
    }
    if (typeof keyScalar !== 'string' && typeof keyScalar !== 'number' && typeof keyScalar !== 'boolean') {
      keyValue.error(`${map.label} has a key that is not a plain string`);
      continue;
    }
    const key = String(keyScalar);
    const path = map.path === '' ? key : `${map.path}.${key}`;
    explicit.push({ key, keyValue, value: new YamlValue(map.context, pair.value, path, keyValue.position) });
  }
  const keys = new Set(explicit.map((entry) => entry.key));
  for (const entry of merged) {
    if (keys.has(entry.key)) continue;
    keys.add(entry.key);
    explicit.push(entry);
  }
  return explicit;
}

function positionOf(context: YamlContext, node: Node | undefined | null): YamlPosition | undefined {
  const start = node?.range?.[0];
  if (start === undefined) return undefined;
  const { line, col } = context.lineCounter.linePos(start);
  return { line, column: col };
}

/** How a found value is shown in messages: strings quoted and shortened, collections by their kind. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isMap(value)) return 'a mapping';
  if (isSeq(value)) return 'a list';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 39)}…` : value}'`;
  return String(value);
}
