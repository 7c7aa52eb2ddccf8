import { RefNotFoundError, TrevcoError, didYouMean } from '../errors/index.js';
import type { SeedNode, SourceNode } from './compiled-project.js';
import { locateCall } from './locate-call.js';
import type { RecordedModel } from './record-model.js';

export interface Resolvable {
  readonly enabledByName: ReadonlyMap<string, RecordedModel>;
  readonly disabledNames: ReadonlySet<string>;
  readonly seeds: ReadonlyMap<string, SeedNode>;
  readonly sources: ReadonlyMap<string, SourceNode>;
}

/** The ids a model reads; an unknown or disabled ref or source is an error pointing at the call. */
export function resolveDependencies(model: RecordedModel, known: Resolvable, errors: TrevcoError[]): string[] {
  const ids = new Set<string>();
  for (const name of new Set(model.refs)) {
    const upstream = known.enabledByName.get(name)?.file.id ?? known.seeds.get(name)?.id;
    if (upstream) {
      ids.add(upstream);
      continue;
    }
    const at = locateCall(model.file.rawSql, 'ref', [name]);
    const disabled = known.disabledNames.has(name);
    errors.push(new RefNotFoundError(
      disabled
        ? `model '${model.file.name}' refers to '${name}', which is disabled`
        : `model '${model.file.name}' refers to '${name}', which does not exist`,
      {
        file: model.file.path,
        ...at,
        source: model.file.rawSql,
        nodeId: model.file.id,
        hint: disabled
          ? `enable '${name}' or remove the ref`
          : didYouMeanHint(name, [...known.enabledByName.keys(), ...known.seeds.keys()]) ?? 'check the model or seed name (ref() takes the file name without .sql)',
      },
    ));
  }
  for (const [sourceName, tableName] of model.sources) {
    const key = `${sourceName}.${tableName}`;
    const source = known.sources.get(key);
    if (source) {
      ids.add(source.id);
      continue;
    }
    const at = locateCall(model.file.rawSql, 'source', [sourceName, tableName]);
    errors.push(new RefNotFoundError(`model '${model.file.name}' reads source '${key}', which is not declared`, {
      file: model.file.path,
      ...at,
      source: model.file.rawSql,
      nodeId: model.file.id,
      hint: didYouMeanHint(key, known.sources.keys()) ?? 'declare it under sources: in project.yml or a properties file',
    }));
  }
  return [...ids].sort();
}

export function didYouMeanHint(wanted: string, candidates: Iterable<string>): string | undefined {
  const suggestion = didYouMean(wanted, candidates);
  return suggestion ? `did you mean '${suggestion}'?` : undefined;
}

