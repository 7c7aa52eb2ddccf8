import type { Materialization, RelationState } from '../materialization.js';
import { microbatchProblems } from './microbatch-config.js';
import { inspectIncremental, planIncremental } from './plan-incremental.js';
import { planMicrobatch } from './plan-microbatch.js';
import { inspectMicrobatch, type MicrobatchState } from './select-batches.js';

type IncrementalState = { readonly microbatch: false; readonly relation: RelationState } | { readonly microbatch: true; readonly batches: MicrobatchState };

/**
 * `materialized='incremental'`: built once, then only new or changed rows applied (append, merge,
 * delete+insert), or, with `incremental_strategy='microbatch'`, rebuilt batch by batch (see README.md here).
 */
export const incremental: Materialization<IncrementalState> = {
  name: 'incremental',
  validate: (model) => {
    const { config, name } = model;
    const uniqueKey = config.unique_key;
    const strategy = config.incremental_strategy ?? (uniqueKey === undefined ? 'append' : 'merge');
    if ((strategy === 'merge' || strategy === 'delete+insert') && uniqueKey === undefined) {
      return [{
        key: 'incremental_strategy',
        message: `model '${name}' uses incremental_strategy='${String(strategy)}', which needs a unique_key`,
        hint: "add unique_key='id' (or a list of columns) to its config, or use incremental_strategy='append'",
      }];
    }
    return strategy === 'microbatch' ? microbatchProblems(name, config) : [];
  },
  inspect: async (model, adapter, context) => (model.config.incremental_strategy === 'microbatch'
    ? { microbatch: true, batches: await inspectMicrobatch(model, adapter, context) }
    : { microbatch: false, relation: await inspectIncremental(model, adapter) }),
  plan: (model, state, context) => (state.microbatch ? planMicrobatch(model, state.batches, context) : planIncremental(model, state.relation, context)),
};
