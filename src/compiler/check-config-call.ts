import { validateNodeConfig, type ConfigResourceType } from '../config/node-config-schema.js';
import type { NodeConfig } from '../config/project-config.js';
import { ConfigError } from '../errors/trevco-error.js';

/**
 * Checks what `{{ config(...) }}` set against the node-config schema, at compile, so a bad value stops the run
 * before anything is built. Each problem points at the line of its key in the template.
 */
export function checkConfigCall(
  raw: Readonly<Record<string, unknown>>,
  at: { readonly path: string; readonly source: string; readonly nodeId: string; readonly name: string; readonly resourceType: ConfigResourceType },
  errors: ConfigError[],
): NodeConfig {
  const { config, problems } = validateNodeConfig(raw, at.resourceType, at.name);
  for (const problem of problems) {
    errors.push(new ConfigError(problem.message, {
      file: at.path,
      ...locateConfigKey(at.source, problem.key),
      source: at.source,
      nodeId: at.nodeId,
      hint: problem.hint,
    }));
  }
  return config;
}

/** The line and column of `key=` (or `'key':`) inside a config( call; the call itself when the key is not found. */
export function locateConfigKey(source: string, key: string): { line?: number; column?: number } {
  const call = /\bconfig\s*\(/.exec(source);
  if (!call) return {};
  const spellings = key.includes('-') ? [key, key.replace('-', '_')] : [key];
  const pattern = new RegExp(`(?:\\b(?:${spellings.map(escapeRegExp).join('|')})\\s*=(?!=))|(?:['"](?:${spellings.map(escapeRegExp).join('|')})['"]\\s*:)`, 'g');
  pattern.lastIndex = call.index;
  const found = pattern.exec(source);
  const index = found ? found.index : call.index;
  const before = source.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
