import type { FreshnessConfig } from './read-freshness.js';
import type { ConfigError } from '../errors/trevco-error.js';

/**
 * The validated project configuration (from project.yml). `loadProjectConfig` turns the raw YAML into this,
 * collecting every problem with its YAML path and line.
 */

export type TargetType = 'postgres' | 'pglite';

export interface PgliteTarget {
  readonly name: string;
  readonly type: 'pglite';
  /** Absolute path of the on-disk data directory (default: <project>/.trevco/<target name>). */
  readonly path: string;
  /** Default schema for models without a custom schema. */
  readonly schema: string;
  /** Always 1: PGlite is one connection. */
  readonly threads: 1;
}

export interface PostgresTarget {
  readonly name: string;
  readonly type: 'postgres';
  /** A libpq-style connection URL; built from host/port/user/password/database when those are given instead. */
  readonly url: string;
  readonly schema: string;
  readonly threads: number;
  /** `connect_timeout`: seconds to establish a connection (default 10). */
  readonly connectTimeoutSeconds?: number;
}

export type Target = PgliteTarget | PostgresTarget;

/** Folder paths, relative to the project root, with forward slashes. */
export interface ProjectPaths {
  readonly models: string;
  readonly seeds: string;
  /** Snapshot SQL files (`{% snapshot %}` blocks) and snapshot properties YAML. */
  readonly snapshots: string;
  readonly macros: string;
  readonly tests: string;
  readonly csv: string;
  readonly sql: string;
  readonly target: string;
}

/**
 * Model/seed/test configuration as it is merged from folder defaults, properties YAML and `config()`.
 * Known keys are typed; anything else is kept (users put their own keys in config, as in dbt).
 */
export interface NodeConfig {
  readonly materialized?: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly tags?: readonly string[];
  readonly enabled?: boolean;
  readonly [key: string]: unknown;
}

/**
 * Folder-level defaults as written under `models:` (or `seeds:`, `tests:`) in project.yml: keys starting with `+`
 * (or a known config key) are config for that folder and everything below; any other key is a subfolder.
 */
export interface FolderConfigTree {
  readonly config: NodeConfig;
  readonly children: ReadonlyMap<string, FolderConfigTree>;
}

export interface SourceTableConfig {
  readonly name: string;
  readonly description?: string;
  /** Relation name in the database (default: name). */
  readonly identifier: string;
  /** CSV file or glob relative to the csv path (e.g. `orders.csv`, `orders/*.csv`); absent for tables loaded elsewhere. */
  readonly csv?: string;
  /** DDL file relative to the sql path, one `create table {{ this }} (...)` statement. */
  readonly ddl?: string;
  readonly cdcColumn?: string;
  readonly primaryKey?: readonly string[];
  /** Column that places a row in time, for microbatch filtering of readers. */
  readonly eventTime?: string;
  readonly columnTypes?: Readonly<Record<string, string>>;
  /** A file with no data rows may replace a table that has rows (default: such a load is refused). */
  readonly allowEmpty?: boolean;
  readonly columns?: readonly ColumnProperties[];
  readonly tests?: readonly unknown[];
  /** The 1-based line of each entry of `tests`, in the same order. */
  readonly testLines?: readonly number[];
  readonly tags: readonly string[];
  /** dbt's source freshness (`trevco source freshness`), inherited from the source unless the table sets its own. */
  readonly freshness?: FreshnessConfig;
  /** The column whose newest value says when the table was last loaded. */
  readonly loadedAtField?: string;
  /** Where it was declared (project.yml or a properties file), for error messages. */
  readonly declaredIn: string;
  readonly line?: number;
}

export interface SourceConfig {
  readonly name: string;
  readonly schema: string;
  readonly description?: string;
  readonly tables: readonly SourceTableConfig[];
  readonly tags: readonly string[];
  readonly declaredIn: string;
  readonly line?: number;
}

export interface ColumnProperties {
  readonly name: string;
  readonly description?: string;
  readonly dataType?: string;
  /** Generic tests exactly as written in YAML; the data-tests stage interprets them. */
  readonly tests?: readonly unknown[];
  /** The 1-based line of each entry of `tests`, in the same order. */
  readonly testLines?: readonly number[];
  /** The line of the column's `- name:` entry, when read from YAML. */
  readonly line?: number;
  /** dbt's column constraints, enforced with `contract: {enforced: true}`. */
  readonly constraints?: readonly ConstraintConfig[];
}

/** A column or model constraint (dbt's shape): `{ type: check, expression: 'amount >= 0' }`. */
export interface ConstraintConfig {
  readonly type: 'not_null' | 'unique' | 'primary_key' | 'check' | 'foreign_key';
  /** check: the condition; foreign_key: `other_schema.other_table (column)`. */
  readonly expression?: string;
  /** Model-level constraints: the columns it covers. */
  readonly columns?: readonly string[];
  readonly name?: string;
}

export interface ProjectConfig {
  readonly name: string;
  readonly version?: string;
  /** Absolute path of the project root (the folder holding project.yml). */
  readonly root: string;
  readonly paths: ProjectPaths;
  readonly defaultTarget: string;
  readonly targets: ReadonlyMap<string, Target>;
  /**
   * Declared targets that cannot be used in this environment because `env_var()` names a variable that is not set,
   * with the errors saying so. They are not load errors (a laptop without DATABASE_URL still runs on `dev`);
   * `resolveTarget` throws them when such a target is chosen. Absent when there are none.
   */
  readonly unresolvedTargets?: ReadonlyMap<string, readonly ConfigError[]>;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly models: FolderConfigTree;
  readonly seeds: FolderConfigTree;
  readonly snapshots: FolderConfigTree;
  readonly tests: FolderConfigTree;
  readonly sources: readonly SourceConfig[];
  /** Raw SQL run before / after every `run` or `build` (dbt's on-run-start / on-run-end). */
  readonly onRunStart: readonly string[];
  readonly onRunEnd: readonly string[];
  /** Present when the project was read from dbt_project.yml (see src/config/dbt/README.md). */
  readonly dbt?: DbtSettings;
  /** One line each, `file:line: message`: keys dbt accepts that trevco does not act on. */
  readonly warnings?: readonly string[];
  /** One-line notes for the user (e.g. no profile found, so the embedded database is used). */
  readonly notes?: readonly string[];
}

/** A `dispatch:` entry of dbt_project.yml: where `adapter.dispatch(name, macro_namespace)` looks, in order. */
export interface DispatchSetting {
  readonly macroNamespace: string;
  readonly searchOrder: readonly string[];
}

/** What a dbt project declares beyond trevco's own settings. */
export interface DbtSettings {
  /** The profile name (dbt_project.yml `profile:` or `--profile`). */
  readonly profile?: string;
  /** The profiles.yml read, project-relative when inside the project; absent when none was found. */
  readonly profilesFile?: string;
  readonly dispatch: readonly DispatchSetting[];
  /** dbt_project.yml `flags:`, readable as `flags.NAME` in templates. */
  readonly flags: Readonly<Record<string, unknown>>;
  readonly cleanTargets: readonly string[];
  /** Where `trevco deps` installs packages (dbt's `packages-install-path`, default `dbt_packages`). */
  readonly packagesInstallPath: string;
  readonly snapshotPaths: readonly string[];
  readonly analysisPaths: readonly string[];
  /** `vars:` exactly as written: global keys and keys scoped to a project or package name. */
  readonly writtenVars: Readonly<Record<string, unknown>>;
  readonly snapshots: FolderConfigTree;
}
