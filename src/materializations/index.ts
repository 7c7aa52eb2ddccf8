import { MATERIALIZATIONS } from '../config/node-config-schema.js';
import { ConfigError } from '../errors/trevco-error.js';
import { ephemeral } from './ephemeral.js';
import { incremental } from './incremental/incremental.js';
import type { Materialization } from './materialization.js';
import { materializedView } from './materialized-view.js';
import { table } from './table.js';
import { view } from './view.js';

/**
 * Every materialization by the name `materialized=` takes. Adding one: a file exporting a `Materialization`
 * (validate, inspect, plan) and a line here; its name goes into MATERIALIZATIONS (config/node-config-schema.ts)
 * so config accepts it. See README.md.
 */
// The registry holds materializations of different state types; each is only ever called with its own state.
export const MATERIALIZATION_REGISTRY: Readonly<Record<(typeof MATERIALIZATIONS)[number], Materialization<any>>> = { // eslint-disable-line @typescript-eslint/no-explicit-any
  view,
  table,
  incremental,
  ephemeral,
  materialized_view: materializedView,
};

export function materializationFor(name: string): Materialization<unknown> {
  const found = (MATERIALIZATION_REGISTRY as Readonly<Record<string, Materialization<unknown>>>)[name];
  if (!found) throw new ConfigError(`no materialization named '${name}'; known: ${Object.keys(MATERIALIZATION_REGISTRY).join(', ')}`);
  return found;
}

export type { Materialization, ModelToValidate, PlanContext, RelationState } from './materialization.js';
export type { Plan, PlanStep, PlannedStatement } from './plan.js';
