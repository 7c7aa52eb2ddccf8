import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledNode, CompiledProject } from '../compiler/compiled-project.js';
import { TREVCO_VERSION } from '../version.js';
import { compiledPath } from './write-compiled-sql.js';
import { testManifestNode } from './test-manifest-node.js';
import type { Manifest, ManifestNode } from './manifest.js';

export type { Manifest, ManifestNode } from './manifest.js';

/** target/manifest.json: every node with its dependencies, config and checksum, in dbt's shape where it fits. */
export function buildManifest(compiled: CompiledProject, extraNodes: readonly ManifestNode[] = []): Manifest {
  const nodes: Record<string, ManifestNode> = {};
  const sources: Record<string, ManifestNode> = {};
  for (const node of compiled.nodes.values()) {
    const entry = manifestNode(compiled, node);
    if (node.resourceType === 'source') sources[node.id] = entry;
    else nodes[node.id] = entry;
  }
  for (const test of compiled.tests.values()) nodes[test.id] = testManifestNode(compiled, test);
  for (const node of extraNodes) nodes[node.unique_id] = node;
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  for (const entry of [...Object.values(nodes), ...Object.values(sources)]) {
    parentMap[entry.unique_id] = [...entry.depends_on.nodes];
    childMap[entry.unique_id] ??= [];
    for (const parent of entry.depends_on.nodes) (childMap[parent] ??= []).push(entry.unique_id);
  }
  for (const children of Object.values(childMap)) children.sort();
  return {
    metadata: metadata(compiled),
    nodes,
    sources,
    parent_map: parentMap,
    child_map: childMap,
  };
}

export function writeManifest(compiled: CompiledProject, extraNodes: readonly ManifestNode[] = []): string {
  const path = join(compiled.project.config.root, compiled.project.config.paths.target, 'manifest.json');
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `${JSON.stringify(buildManifest(compiled, extraNodes), null, 2)}\n`);
  return path;
}

export function metadata(compiled: CompiledProject): Record<string, unknown> {
  // The target's name and type only: never its URL, which may carry a password.
  return {
    trevco_version: TREVCO_VERSION,
    generated_at: new Date().toISOString(),
    project_name: compiled.project.config.name,
    target_name: compiled.target.name,
    adapter_type: compiled.target.type,
  };
}

function manifestNode(compiled: CompiledProject, node: CompiledNode): ManifestNode {
  const relation = node.resourceType === 'model' && !node.relation ? undefined : (node as { relation?: { schema: string; identifier: string } }).relation;
  const base: ManifestNode = {
    unique_id: node.id,
    resource_type: node.resourceType,
    name: node.name,
    package_name: node.packageName,
    original_file_path: node.path,
    depends_on: { nodes: [...node.dependsOn] },
    config: node.config,
    tags: node.tags,
    checksum: { name: 'sha256', checksum: node.checksum },
    description: node.description ?? '',
    relation_name: relation ? `"${relation.schema}"."${relation.identifier}"` : undefined,
    // dbt carries docs and meta both inside config and at the top level of a node.
    meta: (node.config.meta as Record<string, unknown> | undefined) ?? {},
    docs: { show: true, node_color: null, ...(node.config.docs as Record<string, unknown> | undefined) },
  };
  if (node.resourceType === 'model' || node.resourceType === 'snapshot') {
    return {
      ...base,
      compiled_path: compiledPath(compiled, node),
      raw_code: node.rawSql,
      compiled_code: node.compiledSql,
      columns: Object.fromEntries((node.properties?.columns ?? []).map((column) => [column.name, {
        name: column.name,
        description: column.description ?? '',
        data_type: column.dataType ?? null,
        constraints: column.constraints ?? [],
      }])),
      contract: { enforced: (node.config.contract as { enforced?: boolean } | undefined)?.enforced === true },
      constraints: node.properties?.constraints ?? [],
    };
  }
  if (node.resourceType === 'source') return { ...base, source_name: node.sourceName };
  return base;
}
