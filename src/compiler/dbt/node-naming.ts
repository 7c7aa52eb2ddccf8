import type { NodeConfig } from '../../config/project-config.js';
import { stringConfig } from '../config-values.js';
import type { TemplateEngine } from '../template-engine.js';
import { commonScope, type RunScope } from '../template-scope.js';

/** What dbt hands `generate_schema_name(custom_schema_name, node)` and friends as `node`. */
export interface NamedNode {
  readonly name: string;
  readonly resourceType: string;
  readonly packageName: string;
  /** Project-relative path of the file (models/staging/stg_orders.sql). */
  readonly path?: string;
  /** The folder the path is under (models, seeds…), so the fqn leaves it out as dbt does. */
  readonly pathRoot?: string;
  readonly config: NodeConfig;
}

/** dbt's node as a macro sees it: unique_id, fqn, resource_type, package_name, config, path. */
export function nodeContext(node: NamedNode): Record<string, unknown> {
  const relative = node.path && node.pathRoot && node.path.startsWith(`${node.pathRoot}/`) ? node.path.slice(node.pathRoot.length + 1) : node.path ?? '';
  const folders = relative.split('/').slice(0, -1);
  return {
    name: node.name,
    resource_type: node.resourceType,
    unique_id: `${node.resourceType}.${node.packageName}.${node.name}`,
    package_name: node.packageName,
    fqn: [node.packageName, ...folders, node.name],
    path: relative,
    original_file_path: node.path ?? '',
    config: node.config,
    tags: node.config.tags ?? [],
  };
}

/**
 * The schema a node builds in. A project (or package) `generate_schema_name` macro decides when there is one, given
 * the full node. Otherwise: in a dbt project, dbt's default — the target schema, or `<target schema>_<custom>` for a
 * custom schema; in a trevco project, a custom schema is used as written (trevco's documented convention).
 */
export function resolveSchema(engine: TemplateEngine, run: RunScope, node: NamedNode): string {
  const custom = stringConfig(node.config.schema);
  if (engine.hasMacro('generate_schema_name')) {
    return engine.callMacro('generate_schema_name', { custom_schema_name: custom ?? null, node: nodeContext(node) }, commonScope(run, node.name), 'macros').trim();
  }
  if (custom === undefined) return run.target.schema;
  return run.dbtProject ? `${run.target.schema}_${custom.trim()}` : custom;
}

/** The relation name: a `generate_alias_name` macro when the project has one, else the alias, else the node name. */
export function resolveAlias(engine: TemplateEngine, run: RunScope, node: NamedNode): string {
  const custom = stringConfig(node.config.alias);
  if (engine.hasMacro('generate_alias_name')) {
    return engine.callMacro('generate_alias_name', { custom_alias_name: custom ?? null, node: nodeContext(node) }, commonScope(run, node.name), 'macros').trim();
  }
  return custom ?? node.name;
}
