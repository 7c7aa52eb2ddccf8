/**
 * `modules.re`: Python's re module on JavaScript regular expressions. Python's syntax is translated where the two
 * differ (`(?P<name>…)`, `(?P=name)`, `\A`, `\Z`, inline flags, `\g<name>` in replacements); constructs JavaScript
 * cannot express (possessive quantifiers, conditionals) are refused rather than matched differently.
 */
import { define, REQUIRED } from './py-arguments.js';
import { call } from './py-access.js';
import { JinjaRuntimeError, num, PyIterator, pyFunction, stringRepr, str, tuple } from './py-values.js';

const FLAGS = { I: 2, IGNORECASE: 2, M: 8, MULTILINE: 8, S: 16, DOTALL: 16, X: 64, VERBOSE: 64, A: 256, ASCII: 256, U: 32, UNICODE: 32 };

function translate(pattern: string, flags: number): { source: string; flags: string } {
  let source = pattern;
  let bits = flags;
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    for (const flag of inline[1]!) bits |= ({ i: 2, m: 8, s: 16, x: 64 } as Record<string, number>)[flag] ?? 0;
    source = source.slice(inline[0].length);
  }
  if (/\(\?[<]?[=!]?\(|\(\?\(|[*+?}]\+/.test(source)) throw new JinjaRuntimeError(`regular expression '${pattern}' uses a construct trevco cannot match like Python`, 'Unsupported');
  if (bits & 64) source = source.replace(/\\#/g, '\u0000').replace(/#.*$/gm, '').replace(/\s+/g, '').replace(/\u0000/g, '\\#');
  source = source
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^(?<!\\n[^]*)')
    .replace(/\\Z/g, '$(?![^])');
  let js = 'u';
  if (bits & 2) js += 'i';
  if (bits & 8) js += 'm';
  if (bits & 16) js += 's';
  try {
    new RegExp(source, js);
  } catch {
    // Python accepts some escapes the u flag rejects (`\-` outside a class…); retry without it.
    js = js.replace('u', '');
  }
  return { source, flags: js };
}

class PyMatch {
  readonly pyTypeName = 're.Match';
  constructor(private readonly match: RegExpExecArray, private readonly text: string) {}
  private group(key: unknown): unknown {
    if (typeof key === 'string') {
      const groups = this.match.groups ?? {};
      if (!(key in groups)) throw new JinjaRuntimeError('no such group', 'IndexError');
      return groups[key] ?? null;
    }
    const index = num(key);
    if (index < 0 || index >= this.match.length) throw new JinjaRuntimeError('no such group', 'IndexError');
    return this.match[index] ?? null;
  }
  pyGetattr(name: string): unknown {
    switch (name) {
      case 'group': return pyFunction(name, (args) => (args.length <= 1 ? this.group(args[0] ?? 0) : tuple(args.map((arg) => this.group(arg)))));
      case 'groups': return define(name, ['default'], [null], (fallback: unknown) => tuple(this.match.slice(1).map((value) => value ?? fallback)));
      case 'groupdict': return define(name, ['default'], [null], (fallback: unknown) => Object.fromEntries(Object.entries(this.match.groups ?? {}).map(([key, value]) => [key, value ?? fallback])));
      case 'start': return define(name, ['group'], [0], () => this.match.index);
      case 'end': return define(name, ['group'], [0], () => this.match.index + this.match[0].length);
      case 'span': return define(name, ['group'], [0], () => tuple([this.match.index, this.match.index + this.match[0].length]));
      case 'string': return this.text;
      default: return undefined;
    }
  }
  pyStr(): string {
    return `<re.Match object; span=(${this.match.index}, ${this.match.index + this.match[0].length}), match=${stringRepr(this.match[0])}>`;
  }
}

function expandReplacement(template: string): string {
  return template
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>/g, '$$$1')
    .replace(/\\g<([A-Za-z_][A-Za-z0-9_]*)>/g, '$$<$1>')
    .replace(/\\(\d{1,2})/g, '$$$1')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\\\/g, '\\');
}

class PyPattern {
  readonly pyTypeName = 're.Pattern';
  constructor(readonly pattern: string, readonly flags: number) {}
  regex(extra = ''): RegExp {
    const { source, flags } = translate(this.pattern, this.flags);
    return new RegExp(source, flags + extra);
  }
  match(text: string, full = false): PyMatch | null {
    const regex = full ? new RegExp(`(?:${this.regex().source})$`, this.regex('y').flags) : this.regex('y');
    regex.lastIndex = 0;
    const found = regex.exec(text);
    return found ? new PyMatch(found, text) : null;
  }
  search(text: string): PyMatch | null {
    const found = this.regex().exec(text);
    return found ? new PyMatch(found, text) : null;
  }
  findall(text: string): unknown[] {
    return [...text.matchAll(this.regex('g'))].map((found) => {
      if (found.length === 1) return found[0];
      if (found.length === 2) return found[1] ?? '';
      return tuple(found.slice(1).map((group) => group ?? ''));
    });
  }
  sub(replacement: unknown, text: string, count: number): string {
    let done = 0;
    return text.replace(this.regex('g'), (...args: unknown[]) => {
      if (count > 0 && done >= count) return args[0] as string;
      done++;
      if (typeof replacement === 'string') {
        const hasGroups = typeof args[args.length - 1] === 'object';
        const groups = args.slice(1, hasGroups ? -3 : -2) as (string | undefined)[];
        return expandReplacement(replacement).replace(/\$(\d+)|\$<([^>]+)>|\$\$/g, (token, index: string | undefined, name: string | undefined) => {
          if (token === '$$') return '$';
          if (index !== undefined) return index === '0' ? (args[0] as string) : groups[Number(index) - 1] ?? '';
          return (args[args.length - 1] as Record<string, string | undefined>)[name!] ?? '';
        });
      }
      const match = Object.assign([...(args.slice(0, -2) as string[])], { index: args[args.length - 2] as number, input: text }) as unknown as RegExpExecArray;
      return str(call(replacement, [new PyMatch(match, text)]));
    });
  }
  split(text: string, maxsplit: number): string[] {
    const parts: string[] = [];
    let last = 0;
    for (const found of text.matchAll(this.regex('g'))) {
      if (maxsplit > 0 && parts.length >= maxsplit * (found.length)) break;
      parts.push(text.slice(last, found.index), ...found.slice(1).map((group) => group ?? ''));
      last = found.index! + found[0].length;
    }
    parts.push(text.slice(last));
    return parts;
  }
  pyGetattr(name: string): unknown {
    const method = RE_FUNCTIONS[name];
    if (!method || name === 'compile' || name === 'escape') return name === 'pattern' ? this.pattern : undefined;
    return pyFunction(name, (args, kwargs) => method([this, ...args], kwargs));
  }
}

function pattern(value: unknown, flags: unknown): PyPattern {
  return value instanceof PyPattern ? value : new PyPattern(str(value), num(flags ?? 0));
}

const RE_FUNCTIONS: Record<string, (args: unknown[], kwargs: Record<string, unknown>) => unknown> = {
  match: define('match', ['pattern', 'string', 'flags'], [REQUIRED, REQUIRED, 0], (p: unknown, s: unknown, f: unknown) => pattern(p, f).match(str(s))),
  fullmatch: define('fullmatch', ['pattern', 'string', 'flags'], [REQUIRED, REQUIRED, 0], (p: unknown, s: unknown, f: unknown) => pattern(p, f).match(str(s), true)),
  search: define('search', ['pattern', 'string', 'flags'], [REQUIRED, REQUIRED, 0], (p: unknown, s: unknown, f: unknown) => pattern(p, f).search(str(s))),
  findall: define('findall', ['pattern', 'string', 'flags'], [REQUIRED, REQUIRED, 0], (p: unknown, s: unknown, f: unknown) => pattern(p, f).findall(str(s))),
  finditer: define('finditer', ['pattern', 'string', 'flags'], [REQUIRED, REQUIRED, 0], (p: unknown, s: unknown, f: unknown) =>
    new PyIterator([...str(s).matchAll(pattern(p, f).regex('g'))].map((found) => new PyMatch(found, str(s))), 'callable_iterator')),
  sub: define('sub', ['pattern', 'repl', 'string', 'count', 'flags'], [REQUIRED, REQUIRED, REQUIRED, 0, 0], (p: unknown, r: unknown, s: unknown, c: unknown, f: unknown) => pattern(p, f).sub(r, str(s), num(c))),
  split: define('split', ['pattern', 'string', 'maxsplit', 'flags'], [REQUIRED, REQUIRED, 0, 0], (p: unknown, s: unknown, m: unknown, f: unknown) => pattern(p, f).split(str(s), num(m))),
  compile: define('compile', ['pattern', 'flags'], [REQUIRED, 0], (p: unknown, f: unknown) => pattern(p, f)),
  escape: define('escape', ['pattern'], [REQUIRED], (p: unknown) => str(p).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`)),
};

/** `modules.re`. */
export function reModule(): Record<string, unknown> {
  return { ...RE_FUNCTIONS, ...FLAGS };
}
