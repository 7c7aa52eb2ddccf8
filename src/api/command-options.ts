import type { Adapter } from '../adapters/adapter.js';
import type { NodeResult } from '../executor/node-result.js';
import type { ResourceType } from '../graph/graph-node.js';

/** Options every command takes; the CLI maps its flags onto these. */
export interface CommandOptions {
  /** Folder holding project.yml (default: the current directory). */
  readonly projectDir?: string;
  /** Target name from project.yml (default: the project's default target). */
  readonly target?: string;
  /** `--vars`: overrides project.yml vars. */
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--resource-type` (build): only nodes of these kinds. */
  readonly resourceTypes?: readonly ResourceType[];
  /** `--selector NAME`: a named selector from selectors.yml, laid over select/exclude. */
  readonly selector?: string;
  /** Overrides the target's threads (PGlite always runs one at a time). */
  readonly threads?: number;
  readonly fullRefresh?: boolean;
  /** The run's logical date, YYYY-MM-DD; default today (UTC). */
  readonly runDate?: string;
  /** `--event-time-start`/`--event-time-end`: microbatch models rebuild exactly the batches in [start, end) (a backfill). */
  readonly eventTimeStart?: string;
  readonly eventTimeEnd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** dbt projects: `--profiles-dir` and `--profile` (which profiles.yml, which profile in it). */
  readonly profilesDir?: string;
  readonly profile?: string;
  /** `-x/--fail-fast`: stop starting nodes after the first error or failure; the rest are skipped. */
  readonly failFast?: boolean;
  /** `--empty`: refs and sources read zero rows (a schema-only build). */
  readonly empty?: boolean;
  /** `--store-failures`: every data test keeps its failing rows. */
  readonly storeFailures?: boolean;
  /** `--no-partial-parse`: neither read nor write target/partial_parse.json. */
  readonly noPartialParse?: boolean;
  /** `--target-path`: where compiled SQL and artifacts go instead of the project's target path. */
  readonly targetPath?: string;
  /**
   * Use this open connection instead of connecting to the target (the caller keeps ownership and closes it).
   * Lets a program, or a test, run several commands on one embedded database without reopening it.
   */
  readonly adapter?: Adapter;
  /**
   * `--lock-timeout`: seconds a writing command waits for another one to release the target (default 300);
   * 0 fails at once when the target is busy.
   */
  readonly lockTimeoutSeconds?: number;
  /** Progress, as nodes start and finish. */
  readonly onEvent?: (event: RunEvent) => void;
}

/** What the reporter needs to name a node in a line. */
export interface NodeLabel {
  readonly nodeId: string;
  /** `model`, `seed`, `test`… */
  readonly resourceType: string;
  /** `table`, `view`, `incremental`, `seed file`… */
  readonly description: string;
  /** `marts.fact_orders`, or the node name when it has no relation. */
  readonly displayName: string;
}

export type RunEvent =
  | { readonly type: 'run-started'; readonly total: number; readonly summary: string; readonly target: string }
  | { readonly type: 'node-started'; readonly label: NodeLabel; readonly index: number; readonly total: number }
  | { readonly type: 'node-finished'; readonly label: NodeLabel; readonly result: NodeResult; readonly index: number; readonly total: number }
  | { readonly type: 'progress'; readonly label: NodeLabel; readonly done: number; readonly total: number; readonly unit: 'bytes' | 'batches'; readonly rate?: number }
  | { readonly type: 'warning'; readonly message: string }
  /** Something the user should know that is not a problem (waiting for a lock, going through `trevco serve`). */
  | { readonly type: 'notice'; readonly message: string };

/** What run, seed, test and build return. */
export interface RunOutcome {
  readonly results: readonly NodeResult[];
  readonly elapsedSeconds: number;
  /** True when nothing errored or failed (warnings and skips of unselected nodes do not count). */
  readonly success: boolean;
  /** Paths of the artifacts written. */
  readonly artifacts: readonly string[];
}
