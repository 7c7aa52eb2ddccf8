import type { ConfigKeyProblem } from '../config/node-config-schema.js';
import type { NodeConfig } from '../config/project-config.js';

/**
 * Checks that need the whole config of a model (the schema checks each key alone): what its materialization can
 * apply. Run at compile, so nothing is built when one fails.
 */
export function validateModelConfig(name: string, config: NodeConfig): ConfigKeyProblem[] {
  const materialized = String(config.materialized ?? 'view');
  const problems: ConfigKeyProblem[] = [];
  const say = (key: string, message: string, hint?: string): void => {
    problems.push({ key, message: `model '${name}' ${message}`, hint });
  };
  const has = (key: string): boolean => {
    const value = config[key];
    if (value === undefined || value === null) return false;
    if (Array.isArray(value)) return value.length > 0;
    if (typeof value === 'object') return Object.keys(value).length > 0;
    return true;
  };
  if (materialized === 'ephemeral') {
    for (const key of ['pre-hook', 'post-hook', 'grants', 'indexes', 'persist_docs']) {
      if (has(key)) say(key, `is ephemeral (inlined into its readers, never built), so ${key} cannot apply`, 'remove it, or materialize the model as a view or table');
    }
  }
  if (materialized === 'view' && has('indexes')) say('indexes', 'is a view, which cannot have indexes', "use materialized='table' or 'materialized_view'");
  const contract = config.contract as { enforced?: boolean } | undefined;
  if (contract?.enforced === true && !['table', 'incremental', 'view'].includes(materialized)) {
    say('contract', `enforces a contract, which trevco supports on table, incremental and view models (this one is ${materialized})`);
  }
  if (materialized === 'incremental') problems.push(...validateIncremental(name, config));
  return problems;
}

function validateIncremental(name: string, config: NodeConfig): ConfigKeyProblem[] {
  const problems: ConfigKeyProblem[] = [];
  const uniqueKey = config.unique_key;
  const strategy = config.incremental_strategy ?? (uniqueKey === undefined ? 'append' : 'merge');
  if ((strategy === 'merge' || strategy === 'delete+insert') && uniqueKey === undefined) {
    problems.push({
      key: 'incremental_strategy',
      message: `model '${name}' uses incremental_strategy='${String(strategy)}', which needs a unique_key`,
      hint: "add unique_key='id' (or a list of columns) to its config, or use incremental_strategy='append'",
    });
  }
  if (strategy === 'microbatch') {
    if (config.event_time === undefined) problems.push({ key: 'event_time', message: `microbatch model '${name}' needs event_time, the column that places its rows in time`, hint: "add event_time='order_date' to its config" });
    if (config.begin === undefined) problems.push({ key: 'begin', message: `microbatch model '${name}' needs begin, the first batch's date`, hint: "add begin='2024-01-01' to its config" });
  }
  return problems;
}
