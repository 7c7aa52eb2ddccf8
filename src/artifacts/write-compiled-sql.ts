import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { CompiledModel, CompiledProject } from '../compiler/compiled-project.js';

/** Project-relative path of a model's compiled SQL: target/compiled/<project>/<model path>, as dbt lays it out. */
export function compiledPath(compiled: CompiledProject, model: Pick<CompiledModel, 'path'> & { readonly resourceType?: string; readonly name?: string }): string {
  // A snapshot file may hold several blocks, and a YAML file several snapshots: each gets a file named after it.
  const path = model.resourceType === 'snapshot' ? posix.join(posix.dirname(model.path), `${model.name}.sql`) : model.path;
  return posix.join(compiled.project.config.paths.target, 'compiled', compiled.project.config.name, path);
}

/** Writes every model's and snapshot's compiled SQL (and the is_incremental() variant beside it as `<name>.incremental.sql`). */
export function writeCompiledSql(compiled: CompiledProject, modelIds?: Iterable<string>): void {
  const ids = modelIds ? new Set(modelIds) : undefined;
  for (const node of compiled.nodes.values()) {
    if ((node.resourceType !== 'model' && node.resourceType !== 'snapshot') || (ids && !ids.has(node.id))) continue;
    const path = join(compiled.project.config.root, compiledPath(compiled, node));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${node.compiledSql}\n`);
    if (node.resourceType === 'model' && node.incrementalSql !== undefined) writeFileSync(path.replace(/\.sql$/, '.incremental.sql'), `${node.incrementalSql}\n`);
  }
}
