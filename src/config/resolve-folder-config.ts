import { mergeNodeConfig } from './merge-node-config.js';
import type { FolderConfigTree, NodeConfig } from './project-config.js';

/**
 * The folder defaults that apply to a file under `relativeDirSegments` (relative to the models, seeds or tests
 * folder, e.g. `['staging', 'shop']`), merged from the root down so that deeper folders win (see `mergeNodeConfig`
 * for tags and meta). Segments with no entry in the tree stop the walk. Callers may append the node's name as a
 * last segment to pick up dbt-style per-node entries (`models: { staging: { stg_orders: { +materialized: table } } }`).
 */
export function resolveFolderConfig(tree: FolderConfigTree, relativeDirSegments: readonly string[]): NodeConfig {
  let config = tree.config;
  let folder = tree;
  for (const segment of relativeDirSegments) {
    const child = folder.children.get(segment);
    if (!child) break;
    config = mergeNodeConfig(config, child.config);
    folder = child;
  }
  return config;
}
