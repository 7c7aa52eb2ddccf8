import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Adapter, Session } from '../adapters/adapter.js';
import { ensureSchema } from '../adapters/relations.js';
import type { CompiledProject } from '../compiler/compiled-project.js';
import { DatabaseError, TrevcoError } from '../errors/trevco-error.js';
import { errorResult, timedResult, type NodeResult } from '../executor/node-result.js';
import { quoteRelation, suffixedIdentifier } from '../sql/quote.js';
import type { CompiledTest } from './compiled-test.js';
import { testStatus } from './test-config.js';

/** How many failing rows a result carries for the report. */
export const SAMPLE_ROWS = 5;

/** Where stored failures go: `<target schema>_trevco_test_audit`, after dbt's `<schema>_dbt_test__audit`. */
export function auditSchema(compiled: Pick<CompiledProject, 'target'>): string {
  return `${compiled.target.schema}_trevco_test_audit`;
}

/** Where one test stores its failing rows: its own `schema` / `alias` config when set (as in dbt), else the audit schema and its name. */
export function storedFailuresRelation(compiled: Pick<CompiledProject, 'target'>, test: Pick<CompiledTest, 'name' | 'config'>): { schema: string; name: string } {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  return { schema: text(test.config.schema) ?? auditSchema(compiled), name: text(test.config.alias) ?? suffixedIdentifier(test.name, '') };
}

/**
 * Project-relative path of a test's compiled SQL, laid out as dbt does:
 * `target/compiled/<project>/<properties file>/<test name>.sql`, or `…/tests/<name>.sql` for a singular test.
 */
export function testCompiledPath(compiled: CompiledProject, test: CompiledTest): string {
  const relative = test.testType === 'singular' ? test.path : posix.join(test.path, `${test.name}.sql`);
  return posix.join(compiled.project.config.paths.target, 'compiled', compiled.project.config.name, relative);
}

/** Writes a test's compiled SQL under target/compiled/ and returns its project-relative path. */
export function writeCompiledTest(compiled: CompiledProject, test: CompiledTest): string {
  const compiledPath = testCompiledPath(compiled, test);
  const absolute = join(compiled.project.config.root, compiledPath);
  mkdirSync(dirname(absolute), { recursive: true });
  writeFileSync(absolute, `${test.compiledSql}\n`);
  return compiledPath;
}

/**
 * Runs one data test: counts its failing rows (and with `store_failures` first replaces the audit table holding
 * them), then applies severity, `warn_if` and `error_if`. Returns pass/warn/fail with `failures`, and
 * `details.sampleRows` (the first failing rows) and `details.compiledPath`; a database error is status error.
 */
export async function runTest(adapter: Adapter, compiled: CompiledProject, test: CompiledTest): Promise<NodeResult> {
  const startedAt = new Date();
  if (test.renderError) return errorResult(test.id, startedAt, test.renderError);
  const compiledPath = writeCompiledTest(compiled, test);
  const finish = (fields: Parameters<typeof timedResult>[2]): NodeResult => timedResult(test.id, startedAt, fields);
  const storedIn = test.config.store_failures ? storedFailuresRelation(compiled, test) : undefined;
  try {
    const { failures, sampleRows } = storedIn
      ? await adapter.transaction((session) => storeAndCount(session, test, storedIn))
      : await count(adapter, test);
    const status = testStatus(test.config, failures);
    const stored = storedIn ? `${storedIn.schema}.${storedIn.name}` : undefined;
    const rule = status === 'warn' ? `warn if ${test.config.warn_if}` : `fail if ${test.config.error_if}`;
    const message = status === 'pass' ? 'PASS' : `Got ${failures} result${failures === 1 ? '' : 's'}, configured to ${rule}`;
    return finish({
      status,
      message: stored && failures > 0 ? `${message}; failing rows stored in ${stored}` : message,
      failures,
      details: { compiledPath, sampleRows, ...(stored && { storedFailures: stored }) },
    });
  } catch (error) {
    const failure = describeError(error, test, compiledPath);
    return finish({ status: 'error', message: failure.message, error: failure, details: { compiledPath } });
  }
}

async function count(session: Session, test: CompiledTest): Promise<{ failures: number; sampleRows: Record<string, unknown>[] }> {
  // The test's SQL starts on line 2 of the wrapper, which describeError undoes.
  const result = await session.query<{ failures: string | number }>(`select count(*) as failures from (\n${test.compiledSql}\n) dbt_internal_test`);
  const failures = Number(result.rows[0]?.failures ?? 0);
  const sampleRows = failures === 0 ? [] : (await session.query(`select * from (\n${test.compiledSql}\n) dbt_internal_test limit ${SAMPLE_ROWS}`)).rows;
  return { failures, sampleRows };
}

async function storeAndCount(session: Session, test: CompiledTest, table: { schema: string; name: string }): Promise<{ failures: number; sampleRows: Record<string, unknown>[] }> {
  const relation = quoteRelation(table.schema, table.name);
  await ensureSchema(session, table.schema);
  await session.execute(`drop table if exists ${relation}`);
  await session.query(`create table ${relation} as\n${test.compiledSql}`);
  const result = await session.query<{ failures: string | number }>(`select count(*) as failures from ${relation}`);
  const failures = Number(result.rows[0]?.failures ?? 0);
  const sampleRows = failures === 0 ? [] : (await session.query(`select * from ${relation} limit ${SAMPLE_ROWS}`)).rows;
  return { failures, sampleRows };
}

/**
 * A column that does not exist is the usual mistake in a generic test, and the compiled SQL is not where it is
 * fixed: name the test and point at its YAML entry. Other database errors point at the compiled SQL's line.
 */
function describeError(error: unknown, test: CompiledTest, compiledPath: string): TrevcoError {
  if (!(error instanceof DatabaseError)) {
    return error instanceof TrevcoError ? error : new DatabaseError(error instanceof Error ? error.message : String(error), { cause: error, nodeId: test.id });
  }
  const firstLine = error.message.split('\n')[0]!;
  if (error.sqlState === '42703' && test.testType === 'generic') {
    const on = test.attachedNodeId ? ` on '${test.attachedNodeId.split('.').slice(2).join('.')}'` : '';
    return new DatabaseError(`test '${test.name}'${on} failed to run: ${firstLine}`, {
      file: test.path,
      line: test.line,
      nodeId: test.id,
      sqlState: error.sqlState,
      sql: error.sql,
      hint: `check the column names given to '${test.testName}' in ${test.path}${test.line ? `:${test.line}` : ''} (compiled SQL: ${compiledPath})`,
      cause: error,
    });
  }
  const line = error.line === undefined ? undefined : Math.max(1, error.line - 1);
  return new DatabaseError(`test '${test.name}' failed to run: ${error.message}`, {
    file: compiledPath,
    line,
    column: line === undefined ? undefined : error.column,
    source: test.compiledSql,
    nodeId: test.id,
    sqlState: error.sqlState,
    sql: error.sql,
    hint: error.hint,
    cause: error,
  });
}
