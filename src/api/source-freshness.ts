import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceNode } from '../compiler/compiled-project.js';
import type { FreshnessConfig } from '../config/read-freshness.js';
import { errorResult, type NodeResult } from '../executor/node-result.js';
import { quoteIdentifier, quoteRelation } from '../sql/quote.js';
import { selectForCommand } from './command-lifecycle.js';
import type { CommandOptions, RunOutcome } from './command-options.js';
import { connect } from './connect.js';
import { succeeded } from './execute-selection.js';
import { prepareProject } from './prepare-project.js';

const PERIOD_SECONDS = { minute: 60, hour: 3600, day: 86400 } as const;

/**
 * `trevco source freshness`: for each selected source table with a `freshness` and a `loaded_at_field` (a CSV
 * source defaults to `_trevco_loaded_at`), the age of its newest row against `warn_after` / `error_after`: pass,
 * warn or error, as dbt reports them; written to target/sources.json.
 */
export async function sourceFreshness(options: CommandOptions = {}): Promise<RunOutcome> {
  const startedAt = performance.now();
  const compiled = prepareProject(options);
  const ids = selectForCommand(compiled, options, { resourceTypes: ['source'], indirectTests: false });
  const sources = ids.map((id) => compiled.nodes.get(id)).filter((node): node is SourceNode => node?.resourceType === 'source' && node.table.freshness !== undefined);
  const connection = await connect(compiled.target, options, { command: 'source freshness', writes: false });
  const results: NodeResult[] = [];
  const records: Record<string, unknown>[] = [];
  try {
    options.onEvent?.({ type: 'run-started', total: sources.length, summary: `${sources.length} source${sources.length === 1 ? '' : 's'}`, target: compiled.target.name });
    for (const [index, source] of sources.entries()) {
      const label = { nodeId: source.id, resourceType: 'source', description: 'freshness of', displayName: `${source.sourceName}.${source.name}` };
      options.onEvent?.({ type: 'node-started', label, index: index + 1, total: sources.length });
      const began = new Date();
      const field = source.table.loadedAtField ?? (source.table.csv !== undefined ? '_trevco_loaded_at' : undefined);
      let result: NodeResult;
      if (field === undefined) {
        result = errorResult(source.id, began, new Error(`source ${source.sourceName}.${source.name} has freshness but no loaded_at_field`));
      } else {
        try {
          const freshness = source.table.freshness!;
          const sql = `select max(${/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? quoteIdentifier(field) : field})::timestamptz as max_loaded_at, now() as snapshotted_at,
            extract(epoch from now() - max(${/^[A-Za-z_][A-Za-z0-9_]*$/.test(field) ? quoteIdentifier(field) : field})::timestamptz)::float8 as age
            from ${quoteRelation(source.relation.schema, source.relation.identifier)}${freshness.filter ? ` where ${freshness.filter}` : ''}`;
          const row = (await connection.adapter.query<{ max_loaded_at: unknown; snapshotted_at: unknown; age: number | null }>(sql)).rows[0]!;
          const status = statusFor(row.age, freshness);
          const completed = new Date();
          result = {
            nodeId: source.id,
            status: status === 'error' ? 'error' : status === 'warn' ? 'warn' : 'pass',
            message: row.age === null ? 'no rows' : `${status} (newest row ${formatAge(row.age)} old)`,
            startedAt: began.toISOString(),
            completedAt: completed.toISOString(),
            executionTime: (completed.getTime() - began.getTime()) / 1000,
          };
          records.push({ unique_id: source.id, max_loaded_at: row.max_loaded_at, snapshotted_at: row.snapshotted_at, max_loaded_at_time_ago_in_s: row.age, status, criteria: { warn_after: freshness.warnAfter ?? null, error_after: freshness.errorAfter ?? null, filter: freshness.filter ?? null } });
        } catch (error) {
          result = errorResult(source.id, began, error);
        }
      }
      results.push(result);
      options.onEvent?.({ type: 'node-finished', label, result, index: index + 1, total: sources.length });
    }
  } finally {
    await connection.release();
  }
  const folder = join(compiled.project.config.root, compiled.project.config.paths.target);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'sources.json');
  writeFileSync(path, `${JSON.stringify({ metadata: { generated_at: new Date().toISOString() }, results: records, elapsed_time: (performance.now() - startedAt) / 1000 }, null, 2)}\n`);
  return { results, elapsedSeconds: (performance.now() - startedAt) / 1000, success: succeeded(results), artifacts: [path] };
}

/** dbt's rule: error past error_after, else warn past warn_after, else pass; no rows at all is an error. */
export function statusFor(ageSeconds: number | null, freshness: FreshnessConfig): 'pass' | 'warn' | 'error' {
  if (ageSeconds === null) return 'error';
  const limit = (after: FreshnessConfig['warnAfter']) => (after ? after.count * PERIOD_SECONDS[after.period] : Infinity);
  if (ageSeconds > limit(freshness.errorAfter)) return 'error';
  if (ageSeconds > limit(freshness.warnAfter)) return 'warn';
  return 'pass';
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${(seconds / 3600).toFixed(1)}h`;
  return `${(seconds / 86400).toFixed(1)}d`;
}
