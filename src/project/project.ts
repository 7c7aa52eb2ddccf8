import type { NodeConfig, ProjectConfig, SourceConfig } from '../config/project-config.js';
import type { NodeProperties, PropertiesFile } from '../config/properties.js';

/** A model file found on disk, before compilation. */
export interface ModelFile {
  /** `model.<project>.<name>`. */
  readonly id: string;
  readonly name: string;
  /** Project-relative path with forward slashes, e.g. `models/marts/fact_orders.sql`. */
  readonly path: string;
  readonly absolutePath: string;
  readonly rawSql: string;
  /** sha256 of the file text, for manifest.json and change detection. */
  readonly checksum: string;
  /** Folder defaults from project.yml merged with the properties YAML `config:` (config() in the SQL comes later). */
  readonly config: NodeConfig;
  readonly properties?: NodeProperties;
  /** The installed package it comes from; absent for the project's own models. */
  readonly packageName?: string;
}

/**
 * A snapshot (dbt's SCD type 2): a `{% snapshot name %}` block of a file under snapshots/, or a YAML entry with
 * `relation:` (dbt 1.9). Compiled like a model; `rawSql` is the block's body (or `select * from <relation>`),
 * padded so its lines and columns are the file's.
 */
export interface SnapshotFile extends ModelFile {
  readonly kind: 'snapshot';
  /** The line of the `{% snapshot %}` tag, or of the YAML entry. */
  readonly line: number;
}

/** A macro file: `{% macro %}` (and `{% test %}`) blocks callable from every model without an import. */
export interface MacroFile {
  readonly path: string;
  readonly source: string;
  /** The project or installed package the file belongs to (its macros are also `<package>.<macro>()`). */
  readonly packageName?: string;
}

/** A CSV under seeds/: becomes a table named after the file. */
export interface SeedFile {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly absolutePath: string;
  readonly checksum: string;
  readonly config: NodeConfig;
  readonly properties?: NodeProperties;
  /** The installed package it comes from; absent for the project's own seeds. */
  readonly packageName?: string;
}

/** A query under tests/ returning failing rows (dbt's singular test). */
export interface SingularTestFile {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly absolutePath: string;
  readonly rawSql: string;
  readonly checksum: string;
  readonly config: NodeConfig;
}

/** Everything `loadProject` found: validated configuration, files, and YAML properties merged in. */
export interface Project {
  readonly config: ProjectConfig;
  readonly models: readonly ModelFile[];
  readonly snapshots: readonly SnapshotFile[];
  readonly macros: readonly MacroFile[];
  readonly seeds: readonly SeedFile[];
  /** Sources from project.yml and every properties file. */
  readonly sources: readonly SourceConfig[];
  readonly singularTests: readonly SingularTestFile[];
  readonly propertiesFiles: readonly PropertiesFile[];
  /** Installed dbt packages (dbt_packages/), whose macros, models and seeds are part of the lists above. */
  readonly packages?: readonly { readonly name: string; readonly folder: string }[];
}
