import { quoteRelation, quoteIdentifier } from '../sql/quote.js';

/**
 * What `ref()`, `source()` and `this` return: prints as the quoted relation name, and exposes its parts
 * (`{{ this.schema }}`, `{{ ref('x').identifier }}`) as dbt's Relation does.
 */
export class Relation {
  constructor(
    readonly schema: string,
    readonly identifier: string,
    /** When set, the relation is an ephemeral model inlined as this CTE name. */
    readonly cteName?: string,
  ) {}

  get name(): string {
    return this.identifier;
  }

  /** dbt's Relation metadata: packages (dbt_utils' `_is_relation`) check that `metadata.type` ends in 'Relation'. */
  get metadata(): { readonly type: string } {
    return RELATION_METADATA;
  }

  /** An ephemeral model, inlined as a CTE (dbt_utils' `_is_ephemeral` refuses those where it must query). */
  get is_cte(): boolean {
    return this.cteName !== undefined;
  }

  /** The plain relation name; in a microbatch model, reads the whole upstream instead of the batch window (dbt's spelling). */
  render(): string {
    return this.toString();
  }

  toString(): string {
    return this.cteName ? quoteIdentifier(this.cteName) : quoteRelation(this.schema, this.identifier);
  }
}

/**
 * What pass 1's `ref()`, `source()` and `this` return: prints as a token that pass 2 swaps for the real name,
 * and tells when the template looks inside it (then pass 2 renders the template again instead).
 */
export class RecordingRelation {
  constructor(
    private readonly recordedSchema: string,
    private readonly recordedIdentifier: string,
    private readonly token: string,
    private readonly onInspect: () => void,
  ) {}

  get schema(): string {
    this.onInspect();
    return this.recordedSchema;
  }

  get identifier(): string {
    this.onInspect();
    return this.recordedIdentifier;
  }

  get name(): string {
    return this.identifier;
  }

  get metadata(): { readonly type: string } {
    return RELATION_METADATA;
  }

  get is_cte(): boolean {
    return false;
  }

  get database(): string | null {
    return null;
  }

  /** dbt's `.render()`: the plain name, never a batch window; outside microbatch models the same as printing it. */
  render(): string {
    // `.render()` may differ from printing (--empty, microbatch windows): pass 2 renders such a template again.
    this.onInspect();
    return this.token;
  }

  toString(): string {
    return this.token;
  }
}

const RELATION_METADATA = { type: 'PostgresRelation' } as const;

/**
 * dbt's `--empty`: a ref() or source() that reads no rows — `(select * from "s"."t" where false limit 0)` with an
 * alias, as dbt writes it — so a model builds with its columns and types but no data.
 */
export class EmptyRelation extends Relation {
  override toString(): string {
    return `(select * from ${super.toString()} where false limit 0) _dbt_limit_subq_${this.identifier.replace(/[^A-Za-z0-9_]/g, '_')}`;
  }

  /** `.render()` names the relation itself (dbt's escape hatch), not the empty subquery. */
  override render(): string {
    return super.toString();
  }
}
