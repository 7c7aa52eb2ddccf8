import type { Materialization } from './materialization.js';
import { hasValue } from './has-value.js';
import { isContractEnforced } from './contract.js';

/** `materialized='ephemeral'`: nothing is built; readers inline the model as a CTE (compiler/inject-ctes.ts). */
export const ephemeral: Materialization = {
  name: 'ephemeral',
  validate: (model) => [
    ...['pre-hook', 'post-hook', 'grants', 'indexes', 'persist_docs'].filter((key) => hasValue(model.config, key)).map((key) => ({
      key,
      message: `model '${model.name}' is ephemeral (inlined into its readers, never built), so ${key} cannot apply`,
      hint: 'remove it, or materialize the model as a view or table',
    })),
    ...(isContractEnforced(model.config) ? [{ key: 'contract', message: `model '${model.name}' enforces a contract, which trevco supports on table, incremental and view models (this one is ephemeral)` }] : []),
  ],
  inspect: async () => ({}),
  plan: () => ({ steps: [], description: 'ephemeral' }),
};
