import type { Materialization } from './materialization.js';
import { withHooks } from './plan.js';
import { rebuild } from './rebuild-relation.js';
import { existingRelation } from './relation-state.js';
import { hasValue } from './has-value.js';

/** `materialized='view'` (the default): a view, rebuilt under a staging name and swapped in. */
export const view: Materialization = {
  name: 'view',
  validate: (model) => (hasValue(model.config, 'indexes')
    ? [{ key: 'indexes', message: `model '${model.name}' is a view, which cannot have indexes`, hint: "use materialized='table' or 'materialized_view'" }]
    : []),
  inspect: existingRelation,
  plan: (model, state) => withHooks(rebuild(model, state.existing, 'view'), model.hooks),
};
