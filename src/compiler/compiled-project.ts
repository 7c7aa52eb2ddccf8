import type { TrevcoError } from '../errors/trevco-error.js';
import type { NodeConfig, SourceTableConfig, Target } from '../config/project-config.js';
import type { NodeProperties } from '../config/properties.js';
import type { CompiledTest } from '../data-tests/compiled-test.js';
import type { DependencyGraph } from '../graph/dependency-graph.js';
import type { SnapshotConfig } from '../materializations/snapshot/snapshot-config.js';
import type { Project } from '../project/project.js';
import type { CompiledHook, CompiledHooks } from './compiled-hook.js';

export interface RelationName {
  readonly schema: string;
  readonly identifier: string;
}

interface CompiledNodeBase {
  readonly id: string;
  readonly name: string;
  readonly packageName: string;
  /** Project-relative path of the file that defines it. */
  readonly path: string;
  readonly config: NodeConfig;
  readonly tags: readonly string[];
  /** Ids of the nodes this one reads. */
  readonly dependsOn: readonly string[];
  readonly checksum: string;
  readonly description?: string;
}

export interface CompiledModel extends CompiledNodeBase {
  readonly resourceType: 'model';
  readonly materialized: string;
  /** Where it is built; undefined for an ephemeral model, which is inlined into its readers. */
  readonly relation?: RelationName;
  readonly rawSql: string;
  /** The SQL with `is_incremental()` false: first build and full refresh. */
  readonly compiledSql: string;
  /** For incremental models only: the SQL with `is_incremental()` true. */
  readonly incrementalSql?: string;
  /** pre-hook / post-hook rendered with is_incremental() false; `incrementalHooks` with it true (incremental models). */
  readonly hooks: CompiledHooks;
  readonly incrementalHooks?: CompiledHooks;
  readonly properties?: NodeProperties;
  /**
   * A query the template ran while rendering failed (e.g. the relation it reads is built later in this run): the
   * model fails with this error when it runs; other commands and models are not stopped by it.
   */
  readonly renderError?: TrevcoError;
}

/**
 * A snapshot (SCD type 2): compiled like a model (its query is `compiledSql`), built by the snapshot
 * materialization into a table that keeps every version. `materialized` is always 'snapshot'.
 */
export interface CompiledSnapshot extends Omit<CompiledModel, 'resourceType' | 'relation' | 'incrementalSql'> {
  readonly resourceType: 'snapshot';
  readonly relation: RelationName;
  readonly snapshot: SnapshotConfig;
  /** Where each snapshot config key is written (its config() call, YAML entry or block), for errors found at run time. */
  readonly configLocations: Readonly<Record<string, { readonly file: string; readonly line?: number; readonly column?: number }>>;
}

export interface SeedNode extends CompiledNodeBase {
  readonly resourceType: 'seed';
  readonly relation: RelationName;
  readonly absolutePath: string;
  readonly properties?: NodeProperties;
  /** pre-hook / post-hook rendered with the seed's context; absent when it has none. */
  readonly hooks?: CompiledHooks;
}

export interface SourceNode extends CompiledNodeBase {
  readonly resourceType: 'source';
  readonly sourceName: string;
  readonly relation: RelationName;
  readonly table: SourceTableConfig;
}

export type CompiledNode = CompiledModel | CompiledSnapshot | SeedNode | SourceNode;

/** A node built from SQL by a materialization: a model or a snapshot. */
export type CompiledSqlNode = CompiledModel | CompiledSnapshot;

/** The output of compilation: every enabled node with its final config and SQL, and the graph over them. */
export interface CompiledProject {
  readonly project: Project;
  readonly target: Target;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /** Enabled data tests by id; they are also nodes of `graph` (resourceType 'test'). */
  readonly tests: ReadonlyMap<string, CompiledTest>;
  readonly graph: DependencyGraph;
  /** Vars after --vars overrides, for artifacts and later stages. */
  readonly vars: Readonly<Record<string, unknown>>;
  readonly runStartedAt: string;
  readonly runDate: string;
  /** Models whose templates queried the database while rendering (run_query & co.): they saw it as it was before the run. */
  readonly renderedWithDatabase?: readonly string[];
  /** on-run-start / on-run-end from project.yml, rendered with the run's context (target, var, env_var, run_started_at). */
  readonly onRunStart: readonly CompiledHook[];
  readonly onRunEnd: readonly CompiledHook[];
}
