import { RefNotFoundError, didYouMean } from '../errors/index.js';
import type { RelationName, SeedNode, SourceNode } from './compiled-project.js';

/** What a `ref()` or `source()` points at. */
export interface ResolvedNode {
  readonly id: string;
  readonly name: string;
  /** Undefined for an ephemeral model (inlined as a CTE by its readers). */
  readonly relation?: RelationName;
  /** The node's event_time, for microbatch windows of its readers. */
  readonly eventTime?: unknown;
}

/** Where a ref or source was written, for the error when it points at nothing. */
export interface ReferenceSite {
  /** Who refers: `model 'fact'`, `test 'not_null_orders_id'`, `test on 'orders'`. */
  readonly who: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly source?: string;
  readonly nodeId?: string;
}

/**
 * The one resolution of `ref('x')` and `source('a', 'b')`, shared by models, singular tests and test arguments:
 * enabled models and seeds by name, sources by `source.table`. An unknown or disabled name is a RefNotFoundError
 * pointing at the call, with a did-you-mean.
 */
export class RelationResolver {
  private readonly byName = new Map<string, ResolvedNode>();
  private readonly sources = new Map<string, ResolvedNode>();

  constructor(
    models: Iterable<ResolvedNode>,
    seeds: Iterable<SeedNode>,
    sources: Iterable<SourceNode>,
    private readonly disabledNames: ReadonlySet<string>,
  ) {
    for (const model of models) this.byName.set(model.name, model);
    for (const seed of seeds) this.byName.set(seed.name, { id: seed.id, name: seed.name, relation: seed.relation, eventTime: seed.config.event_time });
    for (const source of sources) {
      this.sources.set(`${source.sourceName}.${source.name}`, { id: source.id, name: source.name, relation: source.relation, eventTime: source.config.event_time });
    }
  }

  /** The enabled model or seed named `name`, or undefined. */
  findRef(name: string): ResolvedNode | undefined {
    return this.byName.get(name);
  }

  findSource(sourceName: string, tableName: string): ResolvedNode | undefined {
    return this.sources.get(`${sourceName}.${tableName}`);
  }

  ref(name: string, site: ReferenceSite): ResolvedNode {
    const found = this.findRef(name);
    if (found) return found;
    throw this.refNotFound(name, site);
  }

  source(sourceName: string, tableName: string, site: ReferenceSite): ResolvedNode {
    const found = this.findSource(sourceName, tableName);
    if (found) return found;
    throw this.sourceNotFound(sourceName, tableName, site);
  }

  refNotFound(name: string, site: ReferenceSite): RefNotFoundError {
    const disabled = this.disabledNames.has(name);
    const suggestion = didYouMean(name, this.byName.keys());
    return new RefNotFoundError(`${site.who} refers to '${name}', which ${disabled ? 'is disabled' : 'does not exist'}`, {
      ...location(site),
      hint: disabled
        ? `enable '${name}' or remove the ref`
        : suggestion ? `did you mean '${suggestion}'?` : 'check the model or seed name (ref() takes the file name without .sql)',
    });
  }

  sourceNotFound(sourceName: string, tableName: string, site: ReferenceSite): RefNotFoundError {
    const key = `${sourceName}.${tableName}`;
    const suggestion = didYouMean(key, this.sources.keys());
    return new RefNotFoundError(`${site.who} reads source '${key}', which is not declared`, {
      ...location(site),
      hint: suggestion ? `did you mean '${suggestion}'?` : 'declare it under sources: in project.yml or a properties file',
    });
  }
}

function location(site: ReferenceSite) {
  return { file: site.file, line: site.line, column: site.column, source: site.source, nodeId: site.nodeId };
}
