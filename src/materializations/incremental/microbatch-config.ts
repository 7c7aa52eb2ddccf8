import type { ConfigKeyProblem } from '../../config/node-config-schema.js';
import type { NodeConfig } from '../../config/project-config.js';
import { ConfigError } from '../../errors/trevco-error.js';
import { BATCH_SIZES, parseInstant, type BatchSize } from './batch-window.js';

/** A microbatch model's validated config. */
export interface MicrobatchConfig {
  readonly eventTime: string;
  readonly batchSize: BatchSize;
  readonly begin: Date;
  readonly lookback: number;
  readonly rebuildStale: boolean;
  /** Count each upstream's rows per batch, to rebuild batches rows left (moved event time, deletion). */
  readonly detectMovedRows: boolean;
}

/** What a microbatch model's config lacks, at compile (the schema has already checked each key's value). */
export function microbatchProblems(name: string, config: NodeConfig): ConfigKeyProblem[] {
  const problems: ConfigKeyProblem[] = [];
  if (typeof config.event_time !== 'string' || config.event_time === '') {
    problems.push({ key: 'event_time', message: `microbatch model '${name}' needs event_time, the column that places its rows in time`, hint: "add event_time='order_date' to its config" });
  }
  if (config.begin === undefined) problems.push({ key: 'begin', message: `microbatch model '${name}' needs begin, the first batch's date`, hint: "add begin='2024-01-01' to its config" });
  return problems;
}

/** The typed config of a microbatch model whose config passed compile (defaults filled in). */
export function microbatchConfig(model: { readonly name: string; readonly path: string; readonly id: string; readonly config: NodeConfig }): MicrobatchConfig {
  const [problem] = microbatchProblems(model.name, model.config);
  if (problem) throw new ConfigError(problem.message, { file: model.path, nodeId: model.id, hint: problem.hint });
  const config = model.config;
  const batchSize = (config.batch_size ?? 'day') as BatchSize;
  if (!(BATCH_SIZES as readonly unknown[]).includes(batchSize)) throw new ConfigError(`microbatch model '${model.name}' has batch_size='${String(batchSize)}', which is not one of ${BATCH_SIZES.join(', ')}`, { file: model.path, nodeId: model.id });
  const begin = config.begin instanceof Date ? config.begin : parseInstant(String(config.begin), 'begin');
  return {
    eventTime: config.event_time as string,
    batchSize,
    begin,
    lookback: (config.lookback as number | undefined) ?? 1,
    rebuildStale: (config.rebuild_stale_batches as boolean | undefined) ?? true,
    detectMovedRows: (config.detect_moved_rows as boolean | undefined) ?? true,
  };
}
