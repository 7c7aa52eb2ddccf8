/**
 * The AST nodes jinja2 has and Nunjucks does not (tuples, slices, attribute vs item access, calls with *args and
 * **kwargs, tests and filters with keywords, loop controls…). They extend Nunjucks' Node so its tools (findAll,
 * line numbers) work on them; the compiler in jinja-compiler.ts turns each into code.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/* eslint-disable @typescript-eslint/no-explicit-any -- Nunjucks' node classes are untyped JavaScript */
export const nodes = require('nunjucks/src/nodes') as Record<string, any>;

/** Any AST node: Nunjucks' node objects carry their fields as properties. */
export type AstNode = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

function defineNode(name: string, fields: readonly string[], base: AstNode = nodes.Node): AstNode {
  const NodeClass = class extends base {};
  Object.defineProperty(NodeClass.prototype, 'typename', { get: () => name });
  Object.defineProperty(NodeClass.prototype, 'fields', { get: () => fields });
  nodes[name] = NodeClass;
  return NodeClass;
}

export const TupleNode = defineNode('Tuple', ['children'], nodes.NodeList);
export const SliceNode = defineNode('Slice', ['start', 'stop', 'step']);
export const GetAttrNode = defineNode('GetAttr', ['target', 'attr']);
export const GetItemNode = defineNode('GetItem', ['target', 'key']);
/** `fn(args, key=value, *rest, **more)`; kwargs is a list of Pair(Literal name, value). */
export const PyCallNode = defineNode('PyCall', ['node', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
export const PyFilterNode = defineNode('PyFilter', ['node', 'name', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
export const PyTestNode = defineNode('PyTest', ['node', 'name', 'args', 'kwargs', 'dynArgs', 'dynKwargs']);
/** `a < b <= c`, `x in xs`, `x not in xs`: ops are CompareOperand(expr, type). */
export const PyCompareNode = defineNode('PyCompare', ['expr', 'ops']);
export const PyDictNode = defineNode('PyDict', ['children'], nodes.NodeList);
export const FloatLiteralNode = defineNode('FloatLiteral', ['value']);
export const PyForNode = defineNode('PyFor', ['target', 'iter', 'body', 'else_', 'test']);
/** `{% set target = value %}` or a block set (body, optional filter). Target: Symbol, Tuple of targets, or NamespaceRef. */
export const PySetNode = defineNode('PySet', ['target', 'value', 'body', 'filter']);
export const NamespaceRefNode = defineNode('NamespaceRef', ['name', 'attr']);
/** params: names; defaults: expression or null per param. */
export const PyMacroNode = defineNode('PyMacro', ['name', 'params', 'defaults', 'body']);
export const PyCallBlockNode = defineNode('PyCallBlock', ['call', 'params', 'defaults', 'body']);
export const PyFilterBlockNode = defineNode('PyFilterBlock', ['filter', 'body']);
export const DoNode = defineNode('Do', ['expr']);
export const BreakNode = defineNode('Break', []);
export const ContinueNode = defineNode('Continue', []);
export const WithNode = defineNode('With', ['targets', 'values', 'body']);
