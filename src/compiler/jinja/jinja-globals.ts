/** jinja2's global functions: range, dict, namespace, cycler, joiner. */
import { define, REQUIRED } from './py-arguments.js';
import { makeDict } from './py-access.js';
import { iterate } from './py-operators.js';
import { isDict, isInt, JinjaRuntimeError, markRange, num, pyFunction, repr, str, tuple, typeName, type PyCallable } from './py-values.js';

/** jinja2's namespace(): the one object a template may assign attributes to (`{% set ns.total = … %}`). */
export class Namespace {
  readonly pyTypeName = 'Namespace';
  readonly attributes: Record<string, unknown>;
  constructor(initial: Record<string, unknown>) {
    this.attributes = initial;
  }
  pyGetattr(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.attributes, name) ? this.attributes[name] : undefined;
  }
  pyGetitem(key: unknown): unknown {
    return typeof key === 'string' ? this.pyGetattr(key) : undefined;
  }
  pyStr(): string {
    return `<Namespace ${repr(this.attributes)}>`;
  }
  pyRepr(): string {
    return this.pyStr();
  }
}

/** `{% set ns.attr = value %}`. */
export function setNamespaceAttribute(target: unknown, name: string, value: unknown): void {
  if (!(target instanceof Namespace)) throw new JinjaRuntimeError('cannot assign attribute on non-namespace object', 'TemplateRuntimeError');
  target.attributes[name] = value;
}

function dictFrom(args: unknown[], kwargs: Record<string, unknown>): Record<string, unknown> {
  if (args.length > 1) throw new JinjaRuntimeError(`dict expected at most 1 argument, got ${args.length}`);
  const entries: unknown[] = [];
  if (args.length === 1) {
    const source = args[0];
    if (isDict(source)) for (const key of Object.keys(source)) entries.push(key, source[key]);
    else for (const pair of iterate(source)) entries.push(...iterate(pair).slice(0, 2));
  }
  for (const key of Object.keys(kwargs)) if (key !== '__keywords') entries.push(key, kwargs[key]);
  return makeDict(entries);
}

/** Python's range(): a tuple-like sequence that prints as `range(0, 3)`. */
export const range = pyFunction('range', (args) => {
  for (const arg of args) if (!isInt(arg)) throw new JinjaRuntimeError(`'${typeName(arg)}' object cannot be interpreted as an integer`);
  const [start, stop, step] = args.length === 1 ? [0, num(args[0]), 1] : [num(args[0]), num(args[1]), args.length > 2 ? num(args[2]) : 1];
  if (args.length === 0 || args.length > 3) throw new JinjaRuntimeError(`range expected 1 to 3 arguments, got ${args.length}`);
  if (step === 0) throw new JinjaRuntimeError('range() arg 3 must not be zero', 'ValueError');
  const items: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) items.push(i);
  else for (let i = start; i > stop; i += step) items.push(i);
  // jinja2 refuses ranges over 100,000 items (MAX_RANGE) in its sandbox only; dbt's is unsandboxed.
  return markRange(tuple(items), { start, stop, step });
});

class Cycler {
  readonly pyTypeName = 'Cycler';
  private position = 0;
  constructor(private readonly items: readonly unknown[]) {}
  get current(): unknown {
    return this.items[this.position];
  }
  pyGetattr(name: string): unknown {
    if (name === 'current') return this.current;
    if (name === 'next') return pyFunction('next', () => {
      const value = this.items[this.position];
      this.position = (this.position + 1) % this.items.length;
      return value;
    });
    if (name === 'reset') return pyFunction('reset', () => {
      this.position = 0;
      return null;
    });
    return undefined;
  }
}

export const JINJA_GLOBALS: Record<string, PyCallable> = {
  range,
  dict: pyFunction('dict', dictFrom),
  namespace: pyFunction('namespace', (args, kwargs) => new Namespace(dictFrom(args, kwargs))),
  cycler: pyFunction('cycler', (args) => {
    if (args.length === 0) throw new JinjaRuntimeError('at least one item has to be provided');
    return new Cycler(args);
  }),
  joiner: define('joiner', ['sep'], [', '], (sep: unknown) => {
    let used = false;
    return pyFunction('joiner', () => {
      if (!used) {
        used = true;
        return '';
      }
      return str(sep);
    });
  }),
  lipsum: define('lipsum', ['n'], [REQUIRED], () => {
    throw new JinjaRuntimeError('lipsum() is random text; it is not supported in trevco templates', 'Unsupported');
  }),
};
