export { parseSelection } from './parse-selection.js';
export { selectNodes, type SelectOptions, type SelectionResult } from './select-nodes.js';
export type {
  SelectionCriterion,
  SelectionExpression,
  SelectionIntersection,
  SelectorMethodName,
} from './selection-expression.js';
