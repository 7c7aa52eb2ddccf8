import type { NodeConfig } from '../../config/project-config.js';
import { TemplateError } from '../../errors/trevco-error.js';
import { bindArguments } from './call-arguments.js';
import { configArguments } from '../template-scope.js';

/** dbt's `config`: callable (`config(materialized='table')`) with `config.get`, `config.require` and `config.set`. */
export interface ConfigFunction {
  (...args: unknown[]): string;
  get(...args: unknown[]): unknown;
  require(...args: unknown[]): unknown;
  set(...args: unknown[]): string;
}

/**
 * `record` receives the keyword arguments of `config(...)` (pass 1 records them; pass 2 ignores them); `current`
 * is the node's config as known at this point, which `get` and `require` read.
 */
export function configFunction(record: (config: Record<string, unknown>) => void, current: () => NodeConfig): ConfigFunction {
  const config = ((...args: unknown[]) => {
    record(configArguments(args));
    return '';
  }) as ConfigFunction;
  config.get = (...args) => {
    const { name, default: fallback } = bindArguments('config.get', ['name', ['default', null], ['validator', null]], args);
    const value = current()[String(name)];
    return value === undefined ? fallback : value;
  };
  config.require = (...args) => {
    const { name } = bindArguments('config.require', ['name', ['validator', null]], args);
    const value = current()[String(name)];
    if (value === undefined) throw new TemplateError(`missing config: the model needs '${String(name)}'`, { hint: `set it: {{ config(${String(name)}=...) }} or in YAML` });
    return value;
  };
  config.set = (...args) => {
    const { name, value } = bindArguments('config.set', ['name', 'value'], args);
    record({ [String(name)]: value });
    return '';
  };
  return config;
}
