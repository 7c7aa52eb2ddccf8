import { JinjaRuntimeError, pyFunction, type PyCallable } from './py-values.js';

/** Marks a parameter with no default: the caller must give it. */
export const REQUIRED = Symbol('required');

/**
 * Binds Python-style positional and keyword arguments to named parameters, as Python would: each parameter is
 * filled positionally, then by keyword, then from its default; anything left over is a TypeError.
 */
export function bindArguments(name: string, args: readonly unknown[], kwargs: Record<string, unknown>, params: readonly string[], defaults: readonly unknown[]): unknown[] {
  if (args.length > params.length) {
    throw new JinjaRuntimeError(`${name}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.length} given)`);
  }
  const bound: unknown[] = [];
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!;
    const has = Object.prototype.hasOwnProperty.call(kwargs, param);
    if (i < args.length) {
      if (has) throw new JinjaRuntimeError(`${name}() got multiple values for argument '${param}'`);
      bound.push(args[i]);
    } else if (has) bound.push(kwargs[param]);
    else if (defaults[i] === REQUIRED) throw new JinjaRuntimeError(`${name}() missing required argument '${param}'`);
    else bound.push(defaults[i]);
  }
  for (const key of Object.keys(kwargs)) {
    if (key !== '__keywords' && !params.includes(key)) throw new JinjaRuntimeError(`${name}() got an unexpected keyword argument '${key}'`);
  }
  return bound;
}

/**
 * A Python function from a signature: `define('truncate', ['s', 'length', 'killwords'], [REQUIRED, 255, false], impl)`.
 * The implementation receives the bound values in parameter order.
 */
export function define(name: string, params: readonly string[], defaults: readonly unknown[], impl: (...values: any[]) => unknown): PyCallable { // eslint-disable-line @typescript-eslint/no-explicit-any -- each implementation types its own parameters
  return pyFunction(name, (args, kwargs) => impl(...bindArguments(name, args, kwargs, params, defaults)));
}

/** A Python function taking `*args` only (no keywords). */
export function variadic(name: string, impl: (...values: any[]) => unknown): PyCallable { // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  return pyFunction(name, (args, kwargs) => {
    const keys = Object.keys(kwargs).filter((key) => key !== '__keywords');
    if (keys.length > 0) throw new JinjaRuntimeError(`${name}() takes no keyword arguments`);
    return impl(...args);
  });
}
