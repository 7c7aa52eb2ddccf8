import { TrevcoError } from '../errors/trevco-error.js';
import { MAX_IDENTIFIER_BYTES } from '../sql/quote.js';
import type { RelationName } from './compiled-project.js';

/** A node that writes a relation: a non-ephemeral model, a seed, a CSV-backed source. */
export interface WrittenRelation {
  readonly nodeId: string;
  /** Project-relative file that defines the node. */
  readonly path: string;
  readonly relation: RelationName;
}

/**
 * Two nodes that write one relation would overwrite each other and both report OK. PostgreSQL truncates every
 * identifier to 63 bytes (at a character boundary), so names that differ only past that point are one relation
 * too: both parts are compared as the server will store them. Returns one DUPLICATE_RELATION error per clash,
 * naming every file involved.
 */
export function checkRelationCollisions(written: readonly WrittenRelation[]): TrevcoError[] {
  const byName = new Map<string, WrittenRelation[]>();
  for (const node of written) {
    const key = `${truncateIdentifier(node.relation.schema)}\u0000${truncateIdentifier(node.relation.identifier)}`;
    (byName.get(key) ?? byName.set(key, []).get(key)!).push(node);
  }
  const errors: TrevcoError[] = [];
  for (const clash of byName.values()) {
    if (clash.length < 2) continue;
    clash.sort((a, b) => a.path.localeCompare(b.path) || a.nodeId.localeCompare(b.nodeId));
    const [first, ...others] = clash;
    const stored = `${truncateIdentifier(first!.relation.schema)}.${truncateIdentifier(first!.relation.identifier)}`;
    const truncated = clash.some((node) => `${node.relation.schema}.${node.relation.identifier}` !== stored);
    const names = clash.map((node) => `${node.nodeId} (${node.path}${truncated ? `, as ${node.relation.schema}.${node.relation.identifier}` : ''})`);
    errors.push(new TrevcoError('DUPLICATE_RELATION', `${clash.length} nodes write the same relation ${stored}: ${names.join(', ')}`, {
      file: first!.path,
      nodeId: first!.nodeId,
      hint: truncated
        ? `PostgreSQL cuts identifiers to ${MAX_IDENTIFIER_BYTES} bytes; give ${others.map((node) => node.nodeId).join(', ')} a shorter alias or name`
        : `give each a different alias or schema (config alias=..., schema=..., or a generate_schema_name macro)`,
    }));
  }
  return errors;
}

/** An identifier as PostgreSQL stores it: at most 63 bytes of UTF-8, never cutting a character in two. */
export function truncateIdentifier(name: string): string {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  let bytes = 0;
  let kept = '';
  for (const character of name) {
    const size = Buffer.byteLength(character);
    if (bytes + size > MAX_IDENTIFIER_BYTES) break;
    bytes += size;
    kept += character;
  }
  return kept;
}
