import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { ConfigError } from '../errors/trevco-error.js';
import type { NodeResult } from '../executor/node-result.js';
import { metadata } from './write-manifest.js';

export const RUN_RESULTS_FILE = 'run_results.json';

/**
 * target/run_results.json: status, timing, rows affected and message per node, in dbt's shape, plus `complete`:
 * false while the command runs (see RunResultsProgress), true once it has ended normally. Written to a temporary
 * file and renamed, so a kill never leaves half a file.
 */
export function writeRunResults(compiled: CompiledProject, results: readonly NodeResult[], elapsedSeconds: number, args: Record<string, unknown>, complete = true): string {
  const path = runResultsPath(compiled.project.config.root, compiled.project.config.paths.target);
  mkdirSync(join(path, '..'), { recursive: true });
  const document = {
    metadata: metadata(compiled),
    elapsed_time: elapsedSeconds,
    complete,
    args,
    results: results.map((result) => ({
      unique_id: result.nodeId,
      status: result.status,
      timing: [{ name: 'execute', started_at: result.startedAt, completed_at: result.completedAt }],
      execution_time: result.executionTime,
      message: result.message,
      failures: result.failures ?? null,
      adapter_response: result.rowsAffected === undefined ? {} : { rows_affected: result.rowsAffected },
      ...(result.details ? { details: result.details } : {}),
    })),
  };
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(temporary, path);
  return path;
}

export function runResultsPath(root: string, targetPath: string): string {
  return join(root, targetPath, RUN_RESULTS_FILE);
}

/** What `retry` and `result:` selection read back. */
export interface PreviousRun {
  readonly path: string;
  readonly args: Record<string, unknown>;
  readonly complete: boolean;
  readonly statuses: Map<string, string>;
}

/**
 * Reads the last run_results.json; undefined when there is none. A file that is not valid JSON or not in the
 * shape trevco writes (a crash of another tool, a hand edit, a disk error) is an error naming it, never an
 * empty run: `retry` would otherwise report "nothing to do" after a failure.
 */
export function readPreviousRun(root: string, targetPath: string): PreviousRun | undefined {
  const path = runResultsPath(root, targetPath);
  if (!existsSync(path)) return undefined;
  const shown = join(targetPath, RUN_RESULTS_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${shown} is not valid JSON (${(error as Error).message}), so the last run's results are unknown`, { file: shown, hint: `delete ${shown} and run the command again`, cause: error });
  }
  const document = parsed as { results?: unknown; args?: unknown; complete?: unknown } | null;
  const results = document?.results;
  const valid = Array.isArray(results) && results.every((entry) => typeof (entry as { unique_id?: unknown })?.unique_id === 'string' && typeof (entry as { status?: unknown }).status === 'string');
  if (!valid) {
    throw new ConfigError(`${shown} is not a run results file (no results list of unique_id and status), so the last run's results are unknown`, { file: shown, hint: `delete ${shown} and run the command again` });
  }
  const args = typeof document!.args === 'object' && document!.args !== null ? document!.args as Record<string, unknown> : {};
  return {
    path,
    args,
    // Files written before `complete` existed were written at the end of a run.
    complete: document!.complete !== false,
    statuses: new Map((results as { unique_id: string; status: string }[]).map((result) => [result.unique_id, result.status])),
  };
}

/** The statuses of the last run, for `--select result:error` (empty when there was none). */
export function readPreviousResults(root: string, targetPath: string): Map<string, string> {
  return readPreviousRun(root, targetPath)?.statuses ?? new Map();
}
