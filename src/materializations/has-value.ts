import type { NodeConfig } from '../config/project-config.js';

/** Whether a config key holds something (a non-empty list or mapping, or any other value). */
export function hasValue(config: NodeConfig, key: string): boolean {
  const value = config[key];
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}
