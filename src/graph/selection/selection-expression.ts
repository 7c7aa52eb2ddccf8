/** The selector methods trevco knows, as written before the colon (`tag:nightly`, `config.materialized:table`). */
export type SelectorMethodName =
  | 'fqn'
  | 'tag'
  | 'path'
  | 'file'
  | 'package'
  | 'source'
  | 'resource_type'
  | 'config'
  | 'test_type'
  | 'result';

/**
 * One selector such as `2+tag:nightly+` or `@stg_orders`: a method picks nodes, then graph operators add their
 * neighbours. A depth left undefined means no limit.
 */
export interface SelectionCriterion {
  /** As the user wrote it, for messages. */
  readonly raw: string;
  /** The method, resolved from the value when none was written (a path, a file name or an fqn, as in dbt). */
  readonly method: SelectorMethodName;
  /** The dotted words after the method: `config.meta.owner` → `['meta', 'owner']`. */
  readonly methodArguments: readonly string[];
  readonly value: string;
  /** `+name` / `2+name`: also the node's ancestors, to `parentsDepth` generations. */
  readonly parents: boolean;
  readonly parentsDepth?: number;
  /** `name+` / `name+1`: also the node's descendants, to `childrenDepth` generations. */
  readonly children: boolean;
  readonly childrenDepth?: number;
  /** `@name`: the node, all its descendants, and all ancestors of those descendants. */
  readonly childrensParents: boolean;
}

/** Selectors joined by commas (`tag:a,tag:b`): the nodes that every one of them selects. */
export interface SelectionIntersection {
  readonly raw: string;
  readonly criteria: readonly SelectionCriterion[];
}

/**
 * A parsed `--select` or `--exclude`: the union of its space-separated parts. An empty union means the flag
 * was not given.
 */
export interface SelectionExpression {
  readonly union: readonly SelectionIntersection[];
}
