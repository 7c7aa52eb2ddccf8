/**
 * What `trevco seed` (and the loading of CSV-backed source tables) hands to `loadSeed`: one target table and the
 * CSV files that fill it. Paths are already resolved; nothing here reads project.yml.
 */
export interface SeedJob {
  /** `seed.<project>.<name>` or `source.<project>.<source>.<table>`, put on every error. */
  readonly nodeId: string;
  /** Target schema (created when missing). */
  readonly schema: string;
  /** Target table name. */
  readonly table: string;
  /** Absolute CSV paths (a glob already expanded and sorted), loaded in this order into one table. */
  readonly files: readonly string[];
  /** How to name a file in messages and in `_trevco_source_file` (project-relative). */
  readonly displayPath: (file: string) => string;
  /** `create table {{ this }} (...)`: `{{ this }}` is replaced by the quoted staging relation. */
  readonly ddl?: { readonly path: string; readonly text: string };
  /** Types by column name; override inference per column (ignored when there is a DDL). */
  readonly columnTypes?: Readonly<Record<string, string>>;
  /** The change-data-capture column (a timestamp or a version number): newer values replace older rows. */
  readonly cdcColumn?: string;
  readonly primaryKey?: readonly string[];
  /**
   * Append `_trevco_loaded_at` / `_trevco_source_file` (default true). Seeds are dbt seeds and get exactly the
   * CSV's columns; CSV-backed sources keep them, since CDC merges and microbatch staleness read them.
   */
  readonly metadataColumns?: boolean;
  /**
   * Column names as Postgres folds unquoted names (lower case), as dbt does for seeds without `quote_columns`;
   * default false: names exactly as the header writes them.
   */
  readonly foldColumnNames?: boolean;
  /**
   * Whether files with no data rows may replace a table that has rows. Undefined or false: such a full load is
   * refused (a header-only export would silently empty the table); `--full-refresh` overrides.
   */
  readonly allowEmpty?: boolean;
  /** Where the job is declared (`project.yml`, line), for hints. */
  readonly declaredAt?: string;
}

/** Progress of one load: bytes of all files read so far, and rows so far (an estimate until the end). */
export interface SeedProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
}

export interface SeedOptions {
  /** CDC merge when the job has `cdcColumn` and `primaryKey` and the table exists; otherwise a full load. */
  readonly incremental?: boolean;
  /** `YYYY-MM-DD`: with `lookbackDays`, merge only rows whose CDC value is in [runDate - lookbackDays, runDate + 1 day). */
  readonly runDate?: string;
  readonly lookbackDays?: number;
  /** `fail` (default): the first bad row fails the load. `quarantine`: bad rows go to `<table>__quarantine`. */
  readonly onBadRows?: 'fail' | 'quarantine';
  /** `--full-refresh`: the files replace the table whatever they hold, even no rows at all. */
  readonly fullRefresh?: boolean;
  readonly onProgress?: (progress: SeedProgress) => void;
  /**
   * Bytes per COPY on PGlite, whose COPY buffers its whole input (default 1 MiB). Chunks are cut at CSV record
   * boundaries. Tests set it small to cross a boundary.
   */
  readonly pgliteChunkBytes?: number;
  /** Bytes of each file read to infer types (default 1 MiB; later misfits widen the column and retry). */
  readonly inferenceSampleBytes?: number;
}

export interface SeedResult {
  /** Rows read from the files and accepted (before dedup and merge). */
  readonly rowsLoaded: number;
  /** Incremental only: rows inserted for new keys, rows replaced by a newer CDC value, incoming rows ignored. */
  readonly inserted?: number;
  readonly updated?: number;
  readonly unchanged?: number;
  /** Rows written to the quarantine table (always 0 when `onBadRows` is `fail`). */
  readonly quarantined: number;
  /** `schema.table` of the quarantine table, when quarantine mode wrote one. */
  readonly quarantineTable?: string;
  readonly mode: 'full' | 'incremental';
}

/** The metadata columns appended after the data columns of every loaded table. */
export const LOADED_AT_COLUMN = '_trevco_loaded_at';
export const SOURCE_FILE_COLUMN = '_trevco_source_file';
