import type { Hook } from '../config/node-config-schema.js';
import type { NodeConfig } from '../config/project-config.js';
import type { CompiledHook, CompiledHooks } from './compiled-hook.js';
import type { TemplateEngine, TemplateScope } from './template-engine.js';

/**
 * Renders a node's `pre-hook` / `post-hook` with the node's scope (its `this`, `ref`, `var`, `is_incremental()`),
 * as dbt does. A template error names the node's file and which hook it is.
 */
export function renderNodeHooks(engine: TemplateEngine, config: NodeConfig, scope: TemplateScope, path: string): CompiledHooks {
  return {
    pre: renderHooks(engine, hooksOf(config['pre-hook']), scope, path, 'pre-hook'),
    post: renderHooks(engine, hooksOf(config['post-hook']), scope, path, 'post-hook'),
  };
}

export function renderHooks(engine: TemplateEngine, hooks: readonly Hook[], scope: TemplateScope, path: string, kind: string): CompiledHook[] {
  return hooks.map((hook, index) => {
    const label = `${kind} ${index + 1}`;
    const parsed = engine.parse(`${path} (${label})`, hook.sql);
    return { sql: engine.render(parsed, scope).trim(), transaction: hook.transaction, label };
  }).filter((hook) => hook.sql !== '');
}

export function hasHooks(config: NodeConfig): boolean {
  return hooksOf(config['pre-hook']).length > 0 || hooksOf(config['post-hook']).length > 0;
}

/** Hooks as validated config holds them; plain strings (on-run-start/end, older callers) run inside the transaction. */
export function hooksOf(value: unknown): Hook[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => (typeof item === 'string' ? { sql: item, transaction: true } : (item as Hook)));
}
