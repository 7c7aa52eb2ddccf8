import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LastResult } from './docs-data.js';

/** Status, message and time per node from target/run_results.json; empty when there is none or it is unreadable. */
export function readLastResults(root: string, targetPath: string): Map<string, LastResult> {
  let parsed: { results?: { unique_id?: unknown; status?: unknown; message?: unknown; timing?: { completed_at?: unknown }[] }[] };
  try {
    parsed = JSON.parse(readFileSync(join(root, targetPath, 'run_results.json'), 'utf8')) as typeof parsed;
  } catch {
    return new Map();
  }
  const results = new Map<string, LastResult>();
  for (const result of Array.isArray(parsed.results) ? parsed.results : []) {
    if (typeof result.unique_id !== 'string' || typeof result.status !== 'string') continue;
    const completed = result.timing?.[0]?.completed_at;
    results.set(result.unique_id, { status: result.status, message: typeof result.message === 'string' ? result.message : '', completedAt: typeof completed === 'string' ? completed : undefined });
  }
  return results;
}
