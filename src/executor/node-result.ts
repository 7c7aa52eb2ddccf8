import { DatabaseError, TrevcoError } from '../errors/trevco-error.js';

/** dbt's statuses: models and seeds end in success/error/skipped, tests in pass/fail/warn/error/skipped. */
export type NodeStatus = 'success' | 'error' | 'skipped' | 'pass' | 'fail' | 'warn';

/** What happened to one node. Failures are results, never exceptions. */
export interface NodeResult {
  readonly nodeId: string;
  readonly status: NodeStatus;
  /** One line for the report: `SELECT 33580`, `CREATE VIEW`, the error's message, `skipped: upstream failed`. */
  readonly message: string;
  readonly rowsAffected?: number;
  /** Tests: how many rows failed. */
  readonly failures?: number;
  readonly startedAt: string;
  readonly completedAt: string;
  /** Seconds. */
  readonly executionTime: number;
  readonly error?: TrevcoError;
  /** Anything node-kind specific the reporter or artifacts may show (e.g. batches built, quarantined rows). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Statuses after which downstream nodes must not run. */
export function blocksDownstream(result: NodeResult): boolean {
  return result.status === 'error' || result.status === 'fail' || result.status === 'skipped';
}

type ResultFields = Omit<NodeResult, 'nodeId' | 'startedAt' | 'completedAt' | 'executionTime'>;

/** A result timed from `startedAt` to now. */
export function timedResult(nodeId: string, startedAt: Date, fields: ResultFields): NodeResult {
  const completedAt = new Date();
  return {
    nodeId,
    ...fields,
    startedAt: startedAt.toISOString(),
    completedAt: completedAt.toISOString(),
    executionTime: (completedAt.getTime() - startedAt.getTime()) / 1000,
  };
}

/** The error result for whatever a node threw: trevco's errors keep their class; anything else is a DatabaseError. */
export function errorResult(nodeId: string, startedAt: Date, error: unknown, details?: NodeResult['details']): NodeResult {
  const failure = error instanceof TrevcoError ? error : new DatabaseError(error instanceof Error ? error.message : String(error), { cause: error });
  return timedResult(nodeId, startedAt, { status: 'error', message: failure.message, error: failure, details });
}
