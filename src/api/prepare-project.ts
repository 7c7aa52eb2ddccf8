import { resolve } from 'node:path';
import { resolveTarget } from '../config/resolve-target.js';
import type { Target } from '../config/project-config.js';
import { compileProject } from '../compiler/compile-project.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { ConfigError } from '../errors/trevco-error.js';
import { loadProject } from '../project/load-project.js';
import type { CommandOptions } from './command-options.js';

const RUN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Load → resolve target → compile: what every command starts with. Throws collected config/compile errors. */
export function prepareProject(options: CommandOptions): CompiledProject {
  if (options.runDate !== undefined && (!RUN_DATE.test(options.runDate) || Number.isNaN(Date.parse(`${options.runDate}T00:00:00Z`)))) {
    throw new ConfigError(`--run-date must be a date as YYYY-MM-DD, found '${options.runDate}'`);
  }
  const root = resolve(options.projectDir ?? '.');
  const project = loadProject(root, { vars: options.vars, env: options.env });
  const target = withThreads(resolveTarget(project.config, options.target), options.threads);
  return compileProject(project, { target, runDate: options.runDate, env: options.env });
}

function withThreads(target: Target, threads: number | undefined): Target {
  if (threads === undefined) return target;
  if (!Number.isInteger(threads) || threads < 1) throw new ConfigError(`--threads must be a positive whole number, found ${threads}`);
  return target.type === 'pglite' ? target : { ...target, threads };
}
