import type { Materialization } from './materialization.js';
import { withHooks } from './plan.js';
import { rebuild } from './rebuild-relation.js';
import { existingRelation } from './relation-state.js';

/** `materialized='table'`: a table, built under a staging name and swapped in. */
export const table: Materialization = {
  name: 'table',
  validate: () => [],
  inspect: existingRelation,
  plan: (model, state) => withHooks(rebuild(model, state.existing, 'table'), model.hooks),
};
