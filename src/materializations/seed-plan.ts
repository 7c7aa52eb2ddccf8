import type { CompiledHook } from '../compiler/compiled-hook.js';
import type { SeedNode } from '../compiler/compiled-project.js';
import { quoteRelation } from '../sql/quote.js';
import type { PlannedStatement } from './plan.js';
import { docsStatements, grantStatements, syncIndexStatements } from './relation-config.js';

/**
 * What a seed's config adds around its load (the load itself is seeds/' COPY into a staging table and a swap):
 * statements before the transaction (before_begin hooks), at its start (pre-hooks), at its end after the swap
 * (indexes, comments, grants, post-hooks) and after the commit (after_commit hooks). Plain data.
 */
export interface SeedPlan {
  readonly beforeBegin: readonly PlannedStatement[];
  readonly atStart: readonly PlannedStatement[];
  readonly beforeCommit: readonly PlannedStatement[];
  readonly afterCommit: readonly PlannedStatement[];
}

export function planSeed(seed: SeedNode): SeedPlan {
  const { schema, identifier } = seed.relation;
  const relation = quoteRelation(schema, identifier);
  const hook = (item: CompiledHook): PlannedStatement => ({ sql: item.sql, hook: item.label });
  const pre = seed.hooks?.pre ?? [];
  const post = seed.hooks?.post ?? [];
  // The seed's table is already in place when these run (after the swap, or kept by a merge): its indexes are
  // created under their final names when missing, and ones the config dropped are dropped.
  const indexes = syncIndexStatements(seed.config, schema, identifier);
  return {
    beforeBegin: pre.filter((item) => !item.transaction).map(hook),
    atStart: pre.filter((item) => item.transaction).map(hook),
    beforeCommit: [
      ...indexes,
      ...docsStatements(seed.config, 'table', relation, seed.description, seed.properties?.columns ?? []),
      ...grantStatements(seed.config, relation, true),
      ...post.filter((item) => item.transaction).map(hook),
    ],
    afterCommit: post.filter((item) => !item.transaction).map(hook),
  };
}
