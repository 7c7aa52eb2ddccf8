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

  /** The plain relation name; in a microbatch model, reads the whole upstream instead of the batch window (dbt's spelling). */
  render(): string {
    return this.toString();
  }

  toString(): string {
    return this.cteName ? quoteIdentifier(this.cteName) : quoteRelation(this.schema, this.identifier);
  }
}
