import { quoteIdentifier } from '../../sql/quote.js';
import { Relation } from '../relation.js';
import { bindArguments } from './call-arguments.js';

/**
 * dbt's Relation as `api.Relation.create(...)` and `adapter.get_relation` return it: database, schema, identifier,
 * type, and `include()` / `incorporate()` / `render()`. It prints as `"schema"."identifier"` (the database part is
 * left out: trevco builds in one database, and PostgreSQL refuses cross-database names anyway).
 */
export class ApiRelation extends Relation {
  constructor(
    readonly database: string | null,
    schema: string,
    identifier: string,
    readonly type: string | null = null,
    private readonly parts: { readonly schema: boolean; readonly identifier: boolean } = { schema: true, identifier: true },
  ) {
    super(schema, identifier);
  }

  static create(...args: unknown[]): ApiRelation {
    const bound = bindArguments('api.Relation.create', [['database', null], ['schema', null], ['identifier', null], ['type', null]], args);
    return new ApiRelation(asText(bound.database), asText(bound.schema) ?? '', asText(bound.identifier) ?? '', asText(bound.type));
  }

  get is_table(): boolean {
    return this.type === 'table';
  }

  get is_view(): boolean {
    return this.type === 'view';
  }

  get is_materialized_view(): boolean {
    return this.type === 'materialized_view';
  }

  override get is_cte(): boolean {
    return this.type === 'cte';
  }

  /** `relation.include(schema=False)`: which parts print. */
  include(...args: unknown[]): ApiRelation {
    const bound = bindArguments('include', [['database', null], ['schema', null], ['identifier', null]], args);
    return new ApiRelation(this.database, this.schema, this.identifier, this.type, {
      schema: bound.schema === null ? this.parts.schema : bound.schema !== false,
      identifier: bound.identifier === null ? this.parts.identifier : bound.identifier !== false,
    });
  }

  /** `relation.incorporate(path={...}, type='table')`: a copy with some parts replaced. */
  incorporate(...args: unknown[]): ApiRelation {
    const bound = bindArguments('incorporate', [['path', null], ['type', null]], args);
    const path = (bound.path ?? {}) as Record<string, unknown>;
    return new ApiRelation(
      asText(path.database) ?? this.database,
      asText(path.schema) ?? this.schema,
      asText(path.identifier) ?? this.identifier,
      asText(bound.type) ?? this.type,
      this.parts,
    );
  }

  /** `relation.quote(...)`: trevco always quotes, so the same relation. */
  quote(): ApiRelation {
    return this;
  }

  override render(): string {
    return this.toString();
  }

  override toString(): string {
    const parts = [this.parts.schema && this.schema ? this.schema : undefined, this.parts.identifier && this.identifier ? this.identifier : undefined];
    return parts.filter((part): part is string => part !== undefined).map(quoteIdentifier).join('.');
  }
}

function asText(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
