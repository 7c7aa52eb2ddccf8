export type * from './project-config.js';
export type * from './properties.js';
export { loadProjectConfig, PROJECT_FILE, type LoadProjectConfigOptions } from './load-project-config.js';
export { loadPropertiesFile } from './load-properties-file.js';
export { resolveTarget } from './resolve-target.js';
export { resolveFolderConfig } from './resolve-folder-config.js';
export { mergeNodeConfig } from './merge-node-config.js';
export { redactUrl } from './redact-url.js';
export {
  KNOWN_CONFIG_KEYS,
  MATERIALIZATIONS,
  INCREMENTAL_STRATEGIES,
  ON_SCHEMA_CHANGE,
  BATCH_SIZES,
  SEVERITIES,
} from './read-node-config.js';
