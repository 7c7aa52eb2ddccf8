import { quoteIdentifier } from '../sql/quote.js';

export interface Cte {
  readonly name: string;
  readonly sql: string;
}

const LEADING_COMMENTS = /^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/;
const LEADING_WITH = /^with(\s+recursive)?\s+/i;

/**
 * Inlines ephemeral models as CTEs, as dbt does: into the statement's own WITH clause when it has one,
 * otherwise as a new WITH in front.
 */
export function injectCtes(sql: string, ctes: readonly Cte[]): string {
  if (ctes.length === 0) return sql;
  const definitions = ctes.map((cte) => `${quoteIdentifier(cte.name)} as (\n${cte.sql}\n)`).join(',\n');
  const comments = LEADING_COMMENTS.exec(sql)![0];
  const body = sql.slice(comments.length);
  const withClause = LEADING_WITH.exec(body);
  if (withClause) return `${comments}${withClause[0]}${definitions},\n${body.slice(withClause[0].length)}`;
  return `${comments}with ${definitions}\n${body}`;
}

/** Drops trailing semicolons and blank space, so a model's SQL can be wrapped in CREATE … AS ( … ). */
export function trimStatement(sql: string): string {
  return sql.replace(/[\s;]+$/, '').replace(/^\s*\n/, '');
}
