import type { CompiledModel } from '../../compiler/compiled-project.js';
import { BATCH_END_TOKEN, BATCH_START_TOKEN } from '../../compiler/microbatch-filter.js';
import { quoteIdentifier, quoteRelation } from '../../sql/quote.js';
import type { PlanContext } from '../materialization.js';
import { aroundSteps, embed, STEP_ROWS, withHooks, type Plan, type PlanStep } from '../plan.js';
import { rebuild } from '../rebuild-relation.js';
import { docsStatements, grantStatements, syncIndexStatements } from '../relation-config.js';
import { batchesBetween, parseInstant, timestampLiteral, type BatchSize, type BatchWindow } from './batch-window.js';
import { forgetBatchStatement, recordBatchStatement, recordInputsStatements, resetStateStatements } from './microbatch-state.js';
import type { MicrobatchState } from './select-batches.js';

/**
 * Plans a microbatch model from the batches `inspectMicrobatch` chose. A full build: the whole range from `begin`
 * through the run date's batch in one transaction, with every batch recorded as built. Otherwise one step per
 * batch, each its own transaction (delete the window, insert it, record it); a failed batch does not stop the
 * others, and is forgotten so the next run builds it. Hooks run once around all batches.
 */
export function planMicrobatch(model: CompiledModel, state: MicrobatchState, context: PlanContext): Plan {
  const { config } = state;
  if (state.mode === 'full') {
    const first = batchesBetween(config.begin, config.begin, config.batchSize)[0]!;
    const whole = { start: first.start, end: state.current.end };
    const windowed = { ...model, compiledSql: inWindow(model.compiledSql, whole) };
    const plan = withHooks(rebuild(windowed, state.existing, 'table'), model.hooks);
    const bookkeeping = [
      ...resetStateStatements(model.id, first, state.current.end, `1 ${config.batchSize}`),
      ...(config.detectMovedRows ? recordInputsStatements(model.id, config.batchSize, context.upstreams, whole) : []),
    ];
    const batches = first.start < state.current.end ? batchesBetween(config.begin, parseInstant(state.current.start, 'batch'), config.batchSize).length : 0;
    return {
      ...plan,
      steps: plan.steps.map((step) => (step.transaction && step.statements.some((statement) => statement.embeds) ? { ...step, finally: [...(step.finally ?? []), ...bookkeeping] } : step)),
      description: 'incremental',
      details: { batchesBuilt: batches, batchesFailed: [] },
    };
  }
  const { schema, identifier } = model.relation!;
  const target = quoteRelation(schema, identifier);
  const columnList = state.columns.map(quoteIdentifier).join(', ');
  const eventTime = quoteIdentifier(config.eventTime);
  const steps = state.batches.map((batch): PlanStep => ({
    label: batchName(batch, config.batchSize),
    key: batch.start,
    transaction: true,
    statements: [
      { sql: `delete from ${target} where ${eventTime} >= ${timestampLiteral(batch.start)} and ${eventTime} < ${timestampLiteral(batch.end)}` },
      { ...embed(`insert into ${target} (${columnList})\nselect ${columnList} from (`, inWindow(model.incrementalSql!, batch), ') as "__trevco_batch"', 'incremental'), reportsRows: true },
      recordBatchStatement(model.id, batch, STEP_ROWS),
      ...(config.detectMovedRows ? recordInputsStatements(model.id, config.batchSize, context.upstreams, batch) : []),
    ],
    onError: 'continue',
    onFailure: [forgetBatchStatement(model.id, batch)],
  }));
  const after = [
    ...syncIndexStatements(model.config, schema, identifier),
    ...docsStatements(model.config, 'table', target, model.description, model.properties?.columns ?? []),
    ...grantStatements(model.config, target, true),
  ];
  return {
    steps: aroundSteps(steps, model.incrementalHooks ?? model.hooks, after),
    description: 'incremental',
    action: 'built batches',
    unit: 'batches',
    details: { batches: state.batches.map((batch) => batch.start) },
  };
}

/** The model's SQL with the batch tokens replaced by the window's bounds. */
export function inWindow(sql: string, window: BatchWindow): string {
  return sql.replaceAll(BATCH_START_TOKEN, timestampLiteral(window.start)).replaceAll(BATCH_END_TOKEN, timestampLiteral(window.end));
}

function batchName(batch: BatchWindow, size: BatchSize): string {
  return size === 'month' ? batch.start.slice(0, 7) : size === 'day' ? batch.start.slice(0, 10) : batch.start.slice(0, 16);
}
