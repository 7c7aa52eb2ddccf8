/** Quotes an identifier for PostgreSQL: always, so names keep their case and reserved words are safe. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."name"`. */
export function quoteRelation(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

/**
 * A string literal, for the few places where PostgreSQL takes no parameter (COMMENT ON, DO bodies).
 * Everywhere else values are passed as parameters.
 */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** PostgreSQL truncates identifiers to 63 bytes; derived names (temporary relations) must stay unique within it. */
export const MAX_IDENTIFIER_BYTES = 63;

/** `base` + `suffix`, shortening `base` so the whole fits PostgreSQL's identifier limit. */
export function suffixedIdentifier(base: string, suffix: string): string {
  const room = MAX_IDENTIFIER_BYTES - Buffer.byteLength(suffix);
  let head = base;
  while (Buffer.byteLength(head) > room) head = head.slice(0, -1);
  return head + suffix;
}
