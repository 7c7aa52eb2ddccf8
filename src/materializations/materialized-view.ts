import type { Materialization } from './materialization.js';
import { singleStep, withHooks } from './plan.js';
import { materializedViewComment, rebuild, relationOf } from './rebuild-relation.js';
import { docsStatements, grantStatements, syncIndexStatements } from './relation-config.js';
import { existingRelation } from './relation-state.js';
import { isContractEnforced } from './contract.js';

/**
 * `materialized='materialized_view'`: created under a staging name and swapped in; refreshed in place when it
 * exists and its definition (a checksum in its comment) is unchanged, unless `--full-refresh`.
 */
export const materializedView: Materialization = {
  name: 'materialized_view',
  validate: (model) => (isContractEnforced(model.config)
    ? [{ key: 'contract', message: `model '${model.name}' enforces a contract, which trevco supports on table, incremental and view models (this one is materialized_view)` }]
    : []),
  inspect: existingRelation,
  plan: (model, state, context) => {
    const { existing } = state;
    // full_refresh: false keeps an unchanged materialized view refreshed even under --full-refresh, as for incremental models.
    const fullRefresh = context.fullRefresh && model.config.full_refresh !== false;
    if (!fullRefresh && existing?.kind === 'materialized_view' && existing.comment === materializedViewComment(model)) {
      const relation = relationOf(model);
      return withHooks(singleStep([
        { sql: `refresh materialized view ${relation}` },
        ...syncIndexStatements(model.config, model.relation!.schema, model.relation!.identifier),
        ...docsStatements(model.config, 'materialized_view', relation, model.description, model.properties?.columns ?? []),
        ...grantStatements(model.config, relation, true),
      ], { description: 'materialized view', action: 'refreshed' }), model.hooks);
    }
    return withHooks(rebuild(model, existing, 'materialized_view'), model.hooks);
  },
};
