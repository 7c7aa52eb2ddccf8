/** dbt_project.yml keys trevco reads and applies. */
export const DBT_PROJECT_KEYS = [
  'name', 'version', 'profile', 'config-version', 'require-dbt-version',
  'model-paths', 'seed-paths', 'test-paths', 'macro-paths', 'snapshot-paths', 'analysis-paths', 'docs-paths', 'asset-paths',
  'target-path', 'clean-targets', 'log-path', 'packages-install-path',
  'vars', 'models', 'seeds', 'data_tests', 'tests', 'snapshots', 'sources',
  'dispatch', 'quoting', 'on-run-start', 'on-run-end', 'flags',
];

/** dbt_project.yml keys dbt accepts that trevco does not act on: one warning line each. */
export const DBT_PROJECT_TOLERATED_KEYS = [
  'query-comment', 'restrict-access', 'semantic-models', 'saved-queries', 'metrics', 'exposures', 'unit_tests',
  'data-paths', 'source-paths', 'modules-path', 'quote-identifier', 'functions', 'function-paths', 'dbt-cloud',
];

/** Old spellings dbt renamed, with the new name. */
export const DBT_RENAMED_KEYS: Readonly<Record<string, string>> = {
  'source-paths': 'model-paths',
  'data-paths': 'seed-paths',
  'modules-path': 'packages-install-path',
};

/**
 * Node config keys dbt knows that trevco does not act on (yet): accepted in dbt_project.yml trees, properties
 * `config:` blocks and `config()` with a warning, never silently. Keys trevco applies are in read-node-config.ts.
 */
export const DBT_UNAPPLIED_CONFIG_KEYS = [
  'database', 'access', 'group', 'sql_header', 'on_configuration_change', 'unlogged', 'incremental_predicates',
  'merge_update_columns', 'merge_exclude_columns', 'store_failures_as', 'concurrent_batches', 'quoting', 'copy_grants',
  'predicates',
];
