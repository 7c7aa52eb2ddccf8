import { createRequire } from 'node:module';
import { dbtBuiltins } from './dbt-builtins.js';
import { JINJA_GLOBALS } from './jinja-globals.js';
import { jinjaRuntime } from './jinja-runtime.js';

const require = createRequire(import.meta.url);

/** Makes the runtime reachable from generated code as `runtime.py` (Nunjucks hands its runtime module to templates). */
export function installJinjaRuntime(): void {
  const runtime = require('nunjucks/src/runtime') as Record<string, unknown>;
  runtime.py ??= jinjaRuntime;
}

/** The names every template sees besides its scope: jinja2's globals and dbt's node-independent helpers. */
export function templateGlobals(now?: () => Date): Record<string, unknown> {
  return { ...JINJA_GLOBALS, ...dbtBuiltins(now) };
}
