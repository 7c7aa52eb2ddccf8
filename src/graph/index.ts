export { buildGraph } from './build-graph.js';
export { DependencyGraph } from './dependency-graph.js';
export { displayName, type GraphNode, type ResourceType } from './graph-node.js';
export * from './selection/index.js';
