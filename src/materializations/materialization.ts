import type { Adapter, RelationInfo } from '../adapters/adapter.js';
import type { CompiledModel } from '../compiler/compiled-project.js';
import type { ConfigKeyProblem } from '../config/node-config-schema.js';
import type { ColumnProperties, ConstraintConfig, NodeConfig } from '../config/project-config.js';
import type { WindowedUpstream } from './incremental/stale-batches.js';
import type { Plan } from './plan.js';

/** What a materialization's compile-time check sees of a model. */
export interface ModelToValidate {
  readonly name: string;
  readonly config: NodeConfig;
  readonly properties?: { readonly columns: readonly ColumnProperties[]; readonly constraints?: readonly ConstraintConfig[] };
}

/** The run's choices that planning depends on: `--full-refresh`, the run date, a backfill range. One typed value. */
export interface PlanContext {
  readonly fullRefresh: boolean;
  /** The run's logical date, YYYY-MM-DD. */
  readonly runDate: string;
  /** `--event-time-start` / `--event-time-end`, parsed: a microbatch backfill of exactly these batches. */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** The model's upstreams read through a batch window (microbatch stale-batch detection). */
  readonly upstreams: readonly WindowedUpstream[];
}

/** What exists in the database for a model's relation now. */
export interface RelationState {
  readonly existing?: RelationInfo;
  /** Its columns, in order, when it is a table an incremental model merges into. */
  readonly columns?: readonly { readonly name: string; readonly type: string }[];
}

/**
 * A materialization: how a model becomes a relation. `validate` runs at compile (every problem reported with the
 * others, before anything runs); `inspect` reads what the plan depends on (queries; microbatch also creates its
 * bookkeeping table);
 * `plan` is pure and returns data the executor runs. Register one in materializations/index.ts.
 */
export interface Materialization<State = RelationState> {
  readonly name: string;
  validate(model: ModelToValidate): ConfigKeyProblem[];
  inspect(model: CompiledModel, adapter: Adapter, context: PlanContext): Promise<State>;
  plan(model: CompiledModel, state: State, context: PlanContext): Plan;
}
