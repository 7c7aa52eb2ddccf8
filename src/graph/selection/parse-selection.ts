import { didYouMean } from '../../errors/did-you-mean.js';
import { ConfigError } from '../../errors/trevco-error.js';
import type {
  SelectionCriterion,
  SelectionExpression,
  SelectionIntersection,
  SelectorMethodName,
} from './selection-expression.js';
import { SELECTOR_METHODS, SELECTOR_SYNTAX_HINT, selectorError } from './selector-methods.js';

// dbt's selector pattern (core/dbt/graph/selector_spec.py): @, then n+, then method:, then the value, then +n.
const SELECTOR_PATTERN =
  /^(?<at>@)?(?:(?<parentsDepth>\d*)\+)?(?:(?<method>[A-Za-z_][\w.]*):)?(?<value>.*?)(?:\+(?<childrenDepth>\d*))?$/s;

// A value that looks like a file selects by file, one with a slash by path, anything else by fqn (as dbt does).
const FILE_EXTENSIONS = /\.(sql|csv|py)$/i;

/**
 * Parses `--select` or `--exclude` arguments as the CLI received them: `--select a b,c` may arrive as
 * `['a', 'b,c']` or `['a b,c']`, so every argument is split on whitespace. Space-separated parts form a union,
 * comma-joined selectors within a part an intersection. No arguments give an empty union.
 *
 * @throws ConfigError for a malformed selector (an unknown method, a misplaced `+`, a missing name), with a hint
 *   listing the methods and operators.
 */
export function parseSelection(args: readonly string[]): SelectionExpression {
  const parts = args.flatMap((arg) => arg.split(/\s+/)).filter((part) => part !== '');
  return { union: parts.map(parseIntersection) };
}

function parseIntersection(part: string): SelectionIntersection {
  const selectors = part.split(',');
  if (selectors.some((selector) => selector === '')) {
    throw selectorError(
      `'${part}' has an empty selector: commas join two selectors, as in tag:nightly,path:models/marts`,
    );
  }
  return { raw: part, criteria: selectors.map(parseCriterion) };
}

/** Parses one selector such as `2+tag:nightly+1`. */
export function parseCriterion(raw: string): SelectionCriterion {
  const groups = SELECTOR_PATTERN.exec(raw)?.groups;
  if (groups === undefined) throw selectorError(`cannot read the selector '${raw}'`);
  const { at, parentsDepth, method: written, value = '', childrenDepth } = groups;

  if (value === '') throw selectorError(`'${raw}' names no nodes: put a name or method:value beside the operators`);
  if (value.includes('+')) {
    throw selectorError(
      `'${raw}' has a misplaced '+': write +name or 2+name for parents, name+ or name+1 for children`,
    );
  }
  if (value.startsWith('@')) throw selectorError(`'${raw}' has a misplaced '@': it goes first, as in @name`);
  if (at !== undefined && (parentsDepth !== undefined || childrenDepth !== undefined)) {
    throw selectorError(`'${raw}' combines '@' with '+'; '@name' already takes the descendants and their parents`);
  }

  const [methodName, ...methodArguments] = written === undefined ? [defaultMethod(value)] : written.split('.');
  const method = checkMethod(methodName!, methodArguments, raw);
  SELECTOR_METHODS[method].validate?.(value, raw);

  return {
    raw,
    method,
    methodArguments,
    value,
    parents: parentsDepth !== undefined,
    parentsDepth: depth(parentsDepth),
    children: childrenDepth !== undefined,
    childrenDepth: depth(childrenDepth),
    childrensParents: at !== undefined,
  };
}

function defaultMethod(value: string): SelectorMethodName {
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (FILE_EXTENSIONS.test(value)) return 'file';
  return 'fqn';
}

function checkMethod(name: string, methodArguments: readonly string[], raw: string): SelectorMethodName {
  if (!Object.hasOwn(SELECTOR_METHODS, name)) {
    const suggestion = didYouMean(name, Object.keys(SELECTOR_METHODS));
    throw new ConfigError(`'${raw}' uses an unknown selector method '${name}'`, {
      hint: `${suggestion === undefined ? '' : `did you mean '${suggestion}'? `}${SELECTOR_SYNTAX_HINT}`,
    });
  }
  const method = name as SelectorMethodName;
  const { takesArguments, usage } = SELECTOR_METHODS[method];
  if (takesArguments && (methodArguments.length === 0 || methodArguments.includes(''))) {
    throw selectorError(`'${raw}' needs a key after '${method}.': write ${usage}`);
  }
  if (!takesArguments && methodArguments.length > 0) {
    throw selectorError(`'${raw}': the ${method} method takes no '.${methodArguments.join('.')}'; write ${usage}`);
  }
  return method;
}

/** The digits beside a `+`; none means no limit. */
function depth(digits: string | undefined): number | undefined {
  return digits === undefined || digits === '' ? undefined : Number.parseInt(digits, 10);
}
