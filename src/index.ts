/**
 * trevco's programmatic API. Every command the CLI offers is a function here returning plain result objects;
 * the CLI only parses flags, calls these and prints.
 */
export { run } from './api/run-models.js';
export { seed } from './api/seed.js';
export type { SeedCommandOptions } from './api/run-seed.js';
export { test } from './api/test.js';
export { build } from './api/build.js';
export { snapshot } from './api/snapshot.js';
export { retry } from './api/retry.js';
export { compile } from './api/compile.js';
export { list, type ListedNode } from './api/list.js';
export { debug, type DebugReport } from './api/debug.js';
export { deps } from './api/deps.js';
export { clean } from './api/clean.js';
export { runOperation } from './api/run-operation.js';
export { sourceFreshness } from './api/source-freshness.js';
export { show, type ShowOptions, type ShowResult } from './api/show.js';
export { serve, type ServeOptions, type RunningServer } from './api/serve.js';
export { generateDocs, serveDocs, type DocsGenerateResult, type DocsServeOptions, type DocsServer } from './api/docs.js';
export type { CommandOptions, RunEvent, RunOutcome, NodeLabel } from './api/command-options.js';
export type { NodeResult, NodeStatus } from './executor/node-result.js';
export { TrevcoError, ConfigError, TemplateError, RefNotFoundError, CycleError, SeedError, DatabaseError, ErrorList } from './errors/trevco-error.js';
export { formatError } from './errors/format-error.js';
export { TREVCO_VERSION } from './version.js';
