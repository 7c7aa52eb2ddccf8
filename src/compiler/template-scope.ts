import type { Target } from '../config/project-config.js';
import { ConfigError, TemplateError } from '../errors/trevco-error.js';
import { targetContext } from '../config/dbt/target-context.js';
import type { TemplateScope } from './template-engine.js';
import { datetimeFromDate } from './jinja/py-datetime.js';

/** The part of a template's scope that is the same for every node of a run. */
export interface RunScope {
  readonly target: Target;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly runStartedAt: string;
  readonly runDate: string;
  /** The project is a dbt project (dbt_project.yml): dbt's defaults apply where trevco's differ (schema names). */
  readonly dbtProject?: boolean;
  /** The root project's name (dbt's `model.package_name` for its nodes). */
  readonly projectName?: string;
  /** `--store-failures`: every data test keeps its failing rows. */
  readonly storeFailures?: boolean;
  /** dbt's `--empty`: every ref() and source() reads zero rows. */
  readonly empty?: boolean;
}

const startedAt = new WeakMap<RunScope, unknown>();

/** One datetime per run (every node sees the same object, as in dbt). */
function runStartedAt(run: RunScope): unknown {
  let value = startedAt.get(run);
  if (value === undefined) startedAt.set(run, (value = datetimeFromDate(new Date(run.runStartedAt))));
  return value;
}

/** Scope entries that do not depend on which node is being rendered: var, env_var, target, dates, log. */
export function commonScope(run: RunScope, nodeName: string): TemplateScope {
  return {
    var: (name: string, ...fallback: unknown[]) => {
      if (Object.prototype.hasOwnProperty.call(run.vars, name)) return run.vars[name];
      if (fallback.length > 0) return fallback[0];
      throw new TemplateError(`'${nodeName}' uses var '${name}', which is not defined`, {
        hint: `define it under vars: in project.yml, pass --vars '{"${name}": ...}', or give a default: var('${name}', default)`,
      });
    },
    env_var: (name: string, ...fallback: unknown[]) => {
      const value = run.env[name];
      if (value !== undefined) return value;
      if (fallback.length > 0) return fallback[0];
      throw new ConfigError(`environment variable '${name}' is not set`, { hint: `set it, or give a default: env_var('${name}', 'default')` });
    },
    target: targetContext(run.target),
    // dbt's run_started_at is a timezone-aware datetime: it prints as '2024-01-02 03:04:05.678901+00:00'.
    run_started_at: runStartedAt(run),
    run_date: run.runDate,
    execute: true,
    log: (message: unknown) => {
      process.stderr.write(`${String(message)}\n`);
      return '';
    },
    // dbt's hook helpers: config(pre_hook=before_begin("...")) runs the hook outside the node's transaction.
    before_begin: (sql: unknown) => ({ sql: String(sql), transaction: false }),
    after_commit: (sql: unknown) => ({ sql: String(sql), transaction: false }),
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        throw new TemplateError(String(message));
      },
      // dbt's exceptions.warn logs a warning and goes on (it only fails under --warn-error, which trevco has not).
      warn: (message: unknown) => {
        process.stderr.write(`warning: ${String(message)}\n`);
        return '';
      },
    },
  };
}

/** Collects the keyword arguments of `config(materialized='table')` or a dict passed positionally. */
export function configArguments(args: readonly unknown[]): Record<string, unknown> {
  const collected: Record<string, unknown> = {};
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) continue;
    for (const [key, value] of Object.entries(arg)) {
      if (key !== '__keywords') collected[key] = value;
    }
  }
  return collected;
}
