import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledProject } from '../compiler/compiled-project.js';
import type { NodeResult } from '../executor/node-result.js';
import { metadata } from './write-manifest.js';

/** target/run_results.json: status, timing, rows affected and message per node, in dbt's shape. */
export function writeRunResults(compiled: CompiledProject, results: readonly NodeResult[], elapsedSeconds: number, args: Record<string, unknown>): string {
  const path = join(compiled.project.config.root, compiled.project.config.paths.target, 'run_results.json');
  mkdirSync(join(path, '..'), { recursive: true });
  const document = {
    metadata: metadata(compiled),
    elapsed_time: elapsedSeconds,
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
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}

/** The statuses of the last run, for `--select result:error` and `trevco retry`. */
export function readPreviousResults(root: string, targetPath: string): Map<string, string> {
  try {
    const text = readFileSync(join(root, targetPath, 'run_results.json'), 'utf8');
    const parsed = JSON.parse(text) as { results?: { unique_id: string; status: string }[] };
    return new Map((parsed.results ?? []).map((result) => [result.unique_id, result.status]));
  } catch {
    return new Map();
  }
}
