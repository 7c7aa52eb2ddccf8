import type { ColumnProperties, ConstraintConfig, NodeConfig, SourceConfig } from './project-config.js';

/**
 * One entry under `models:`, `seeds:` or `tests:`... in a properties YAML file (models/**\/*.yml), dbt style:
 *
 * ```yaml
 * models:
 *   - name: fact_orders
 *     description: One row per order.
 *     config: { materialized: table, tags: [daily] }
 *     columns:
 *       - name: order_id
 *         tests: [unique, not_null]
 *     tests:
 *       - unique_combination_of_columns: { combination_of_columns: [a, b] }
 * ```
 */
export interface NodeProperties {
  readonly name: string;
  readonly description?: string;
  readonly config: NodeConfig;
  readonly columns: readonly ColumnProperties[];
  /** Model-level constraints (a composite primary key, a check over two columns), enforced by a contract. */
  readonly constraints?: readonly ConstraintConfig[];
  /** Model-level generic tests exactly as written (`data_tests:` is accepted as dbt 1.8's alias of `tests:`). */
  readonly tests: readonly unknown[];
  /** The 1-based line of each entry of `tests`, in the same order. */
  readonly testLines?: readonly number[];
  /** The properties file (project-relative) and the line of the `- name:` entry, for error messages. */
  readonly file: string;
  readonly line: number;
  /** Snapshots declared in YAML (dbt 1.9): the `relation:` they read, e.g. `source('raw', 'customers')`, and its line. */
  readonly relation?: { readonly text: string; readonly line: number };
}

/** Everything one properties YAML file declares. */
export interface PropertiesFile {
  readonly path: string;
  readonly models: readonly NodeProperties[];
  readonly seeds: readonly NodeProperties[];
  readonly snapshots: readonly NodeProperties[];
  readonly sources: readonly SourceConfig[];
  /** One line each: dbt keys accepted but not acted on. */
  readonly warnings?: readonly string[];
}
