import type { TrevcoError } from '../errors/trevco-error.js';
/** A data test's resolved configuration, with dbt's defaults filled in (keys spelled as in dbt's manifest). */
export type TestConfig = {
  /** `error` (the default) lets `error_if` fail the test; `warn` never fails it. */
  readonly severity: 'error' | 'warn';
  /** Thresholds on the failing-row count, as dbt writes them: `!=0` (the default), `>10`, `>=5`. */
  readonly warn_if: string;
  readonly error_if: string;
  /** SQL filter applied to the tested relation (generic tests). */
  readonly where?: string;
  /** At most this many failing rows are counted. */
  readonly limit?: number;
  /** Keep the failing rows in a table of the audit schema, replaced on each run. */
  readonly store_failures: boolean;
  readonly tags: readonly string[];
  readonly enabled: boolean;
  readonly [key: string]: unknown;
};

/**
 * One data test after compilation: SQL that returns the failing rows. Tests are graph nodes
 * (`test.<project>.<name>`) whose dependencies are the nodes they test (plus refs of singular tests).
 */
export interface CompiledTest {
  /** `test.<project>.<name>`, e.g. `test.shop.unique_fact_orders_order_id`. */
  readonly id: string;
  readonly resourceType: 'test';
  /** dbt's synthesized name, shortened with an md5 hash when it would reach 64 characters; singular: the file name. */
  readonly name: string;
  readonly testType: 'generic' | 'singular';
  /** The generic test used (`unique`, `accepted_values`, a custom `{% test %}` name); singular: the file name. */
  readonly testName: string;
  /** The model, seed or source the test is declared on (generic tests). */
  readonly attachedNodeId?: string;
  readonly column?: string;
  /** Keyword arguments of a generic test as written (after `arguments:` is unwrapped), without `column_name`. */
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly dependsOn: readonly string[];
  readonly config: TestConfig;
  /** The query returning failing rows, before `count(*)` wrapping. */
  readonly compiledSql: string;
  /** Singular tests: the file text. */
  readonly rawSql?: string;
  /** Project-relative path of the properties YAML (generic) or SQL file (singular) that declares the test. */
  readonly path: string;
  /** The YAML line of the test entry (generic tests). */
  readonly line?: number;
  readonly packageName: string;
  readonly checksum: string;
  readonly tags: readonly string[];
  /** A query the test's macro ran while rendering failed: the test errors with it when it runs. */
  readonly renderError?: TrevcoError;
}
