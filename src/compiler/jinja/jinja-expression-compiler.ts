/**
 * The expression half of trevco's Nunjucks compiler (statements are in jinja-compiler.ts): every expression
 * compiles to a call into the runtime of jinja-runtime.ts, reached as `py` in the generated code.
 */
import { createRequire } from 'node:module';
import { FILTERS } from './jinja-filters.js';
import { type AstNode, nodes } from './jinja-nodes.js';
import { TESTS } from './jinja-tests.js';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any -- Nunjucks' compiler and frames are untyped JavaScript */
const { Compiler } = require('nunjucks/src/compiler') as { Compiler: new (name: string, throwOnUndefined: boolean) => any };
export type CompileFrame = any;
/* eslint-enable @typescript-eslint/no-explicit-any */

const BINARY: Record<string, string> = {
  Add: 'add', Sub: 'sub', Mul: 'mul', Div: 'div', FloorDiv: 'floorDiv', Mod: 'mod', Pow: 'pow', Concat: 'concat',
};

const CONSTANT_OPERATORS = new Set(['Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Concat', 'Neg', 'Pos']);

/** Whether jinja2's optimizer would fold this expression into a constant (literals and operators on them). */
function isConstant(node: AstNode): boolean {
  switch (node?.typename) {
    case 'Literal': case 'FloatLiteral': return true;
    case 'Array': case 'Tuple': return node.children.every(isConstant);
    case 'PyDict': return node.children.every((pair: AstNode) => isConstant(pair.key) && isConstant(pair.value));
    default:
      if (!CONSTANT_OPERATORS.has(node?.typename)) return false;
      return node.target ? isConstant(node.target) : isConstant(node.left) && isConstant(node.right);
  }
}

function containsContainer(node: AstNode): boolean {
  return ['Array', 'Tuple', 'PyDict'].includes(node?.typename) || (node?.left !== undefined && (containsContainer(node.left) || containsContainer(node.right)));
}

/** A short text naming an expression, for "'x.y' is undefined". */
function expressionName(node: AstNode): string {
  switch (node?.typename) {
    case 'Symbol': return node.value;
    case 'GetAttr': return `${expressionName(node.target)}.${node.attr}`;
    case 'GetItem': return `${expressionName(node.target)}[…]`;
    case 'PyCall': return `${expressionName(node.node)}()`;
    case 'Literal': return String(node.value);
    default: return 'expression';
  }
}

export class JinjaExpressionCompiler extends Compiler {
  protected loopDepth = 0;
  protected filterBlockValue: string | null = null;

  protected js(text: string): string {
    return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  }

  /** Nunjucks checks expression node types against its own list; jinja2's nodes are expressions too. */
  _compileExpression(node: AstNode, frame: CompileFrame): void {
    this.compile(node, frame);
  }

  protected expr(node: AstNode, frame: CompileFrame): void {
    this.compile(node, frame);
  }

  protected list(items: readonly AstNode[], frame: CompileFrame): void {
    items.forEach((item, i) => {
      if (i > 0) this._emit(', ');
      this.expr(item, frame);
    });
  }

  protected line(node: AstNode): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
  }

  _emitFuncBegin(node: AstNode, name: string): void {
    super._emitFuncBegin(node, name);
    this._emitLine('var py = runtime.py;');
  }

  // ---- expressions ----

  compileLiteral(node: AstNode, frame: CompileFrame): void {
    if (typeof node.value === 'number' && !Number.isSafeInteger(node.value)) this.fail('an integer beyond 2**53 cannot be computed exactly in trevco templates; write it as a float or a string', node.lineno, node.colno);
    super.compileLiteral(node, frame);
  }

  compileFloatLiteral(node: AstNode): void {
    this._emit(Number.isInteger(node.value) ? `py.float(${node.value})` : String(node.value));
  }

  compileArray(node: AstNode, frame: CompileFrame): void {
    this._emit('[');
    this.list(node.children, frame);
    this._emit(']');
  }

  compileTuple(node: AstNode, frame: CompileFrame): void {
    this._emit('py.tuple([');
    this.list(node.children, frame);
    this._emit('])');
  }

  compilePyDict(node: AstNode, frame: CompileFrame): void {
    this._emit('py.dict([');
    node.children.forEach((pair: AstNode, i: number) => {
      if (i > 0) this._emit(', ');
      this.expr(pair.key, frame);
      this._emit(', ');
      this.expr(pair.value, frame);
    });
    this._emit('])');
  }

  compileGroup(node: AstNode, frame: CompileFrame): void {
    if (node.children.length === 1) {
      this._emit('(');
      this.expr(node.children[0], frame);
      this._emit(')');
    } else this.compileTuple(node, frame);
  }

  /** Nunjucks' dict and keyword-argument nodes (from custom tags): a bare name as key is the key itself. */
  compileDict(node: AstNode, frame: CompileFrame): void {
    this._emit('py.dict([');
    node.children.forEach((pair: AstNode, i: number) => {
      if (i > 0) this._emit(', ');
      if (pair.key.typename === 'Symbol') this._emit(this.js(pair.key.value));
      else this.expr(pair.key, frame);
      this._emit(', ');
      this.expr(pair.value, frame);
    });
    this._emit('])');
  }

  compileInlineIf(node: AstNode, frame: CompileFrame): void {
    this._emit('(py.truthy(');
    this.expr(node.cond, frame);
    this._emit(') ? ');
    this.expr(node.body, frame);
    this._emit(' : ');
    if (node.else_) this.expr(node.else_, frame);
    else this._emit('undefined');
    this._emit(')');
  }

  compileOr(node: AstNode, frame: CompileFrame): void {
    this._emit('((py.t = ');
    this.expr(node.left, frame);
    this._emit('), py.truthy(py.t) ? py.t : ');
    this.expr(node.right, frame);
    this._emit(')');
  }

  compileAnd(node: AstNode, frame: CompileFrame): void {
    this._emit('((py.t = ');
    this.expr(node.left, frame);
    this._emit('), py.truthy(py.t) ? ');
    this.expr(node.right, frame);
    this._emit(' : py.t)');
  }

  compileNot(node: AstNode, frame: CompileFrame): void {
    this._emit('!py.truthy(');
    this.expr(node.target, frame);
    this._emit(')');
  }

  protected binary(op: string, node: AstNode, frame: CompileFrame): void {
    // jinja2 folds constant expressions at compile time and writes the result back as a literal, so
    // `[[0]] * 2` gives two separate lists there: a constant result is deep-copied here to match.
    const folded = isConstant(node) && (containsContainer(node.left) || containsContainer(node.right));
    if (folded) this._emit('py.fresh(');
    this._emit(`py.${op}(`);
    this.expr(node.left, frame);
    this._emit(', ');
    this.expr(node.right, frame);
    this._emit(')');
    if (folded) this._emit(')');
  }

  compileAdd(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Add!, node, frame); }
  compileSub(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Sub!, node, frame); }
  compileMul(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Mul!, node, frame); }
  compileDiv(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Div!, node, frame); }
  compileFloorDiv(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.FloorDiv!, node, frame); }
  compileMod(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Mod!, node, frame); }
  compilePow(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Pow!, node, frame); }
  compileConcat(node: AstNode, frame: CompileFrame): void { this.binary(BINARY.Concat!, node, frame); }

  compileNeg(node: AstNode, frame: CompileFrame): void {
    this._emit('py.neg(');
    this.expr(node.target, frame);
    this._emit(')');
  }

  compilePos(node: AstNode, frame: CompileFrame): void {
    this._emit('py.pos(');
    this.expr(node.target, frame);
    this._emit(')');
  }

  compilePyCompare(node: AstNode, frame: CompileFrame): void {
    if (node.ops.length === 1) {
      const op = node.ops[0];
      this._emit(`py.cmp(${this.js(op.type)}, `);
      this.expr(node.expr, frame);
      this._emit(', ');
      this.expr(op.expr, frame);
      this._emit(')');
      return;
    }
    this._emit('py.compare(');
    this.expr(node.expr, frame);
    for (const op of node.ops) {
      this._emit(`, ${this.js(op.type)}, `);
      this.expr(op.expr, frame);
    }
    this._emit(')');
  }

  compileCompare(node: AstNode, frame: CompileFrame): void {
    this.compilePyCompare(node, frame);
  }

  compileIn(node: AstNode, frame: CompileFrame): void {
    this._emit('py.cmp("in", ');
    this.expr(node.left, frame);
    this._emit(', ');
    this.expr(node.right, frame);
    this._emit(')');
  }

  compileGetAttr(node: AstNode, frame: CompileFrame): void {
    this._emit('py.getattr(');
    this.expr(node.target, frame);
    this._emit(`, ${this.js(node.attr)}, ${this.js(expressionName(node.target))})`);
  }

  compileGetItem(node: AstNode, frame: CompileFrame): void {
    if (node.key?.typename === 'Slice') {
      this._emit('py.slice(');
      this.expr(node.target, frame);
      for (const part of [node.key.start, node.key.stop, node.key.step]) {
        this._emit(', ');
        if (part) this.expr(part, frame);
        else this._emit('null');
      }
      this._emit(')');
      return;
    }
    this._emit('py.getitem(');
    this.expr(node.target, frame);
    this._emit(', ');
    this.expr(node.key, frame);
    this._emit(`, ${this.js(expressionName(node.target))})`);
  }

  compileLookupVal(node: AstNode, frame: CompileFrame): void {
    this._emit('py.getitem(');
    this.expr(node.target, frame);
    this._emit(', ');
    this.expr(node.val, frame);
    this._emit(`, ${this.js(expressionName(node.target))})`);
  }

  /** Positional arguments (with `*args` spread) and a keyword object (with `**kwargs` merged), or undefined. */
  protected callArguments(args: readonly AstNode[], kwargs: readonly AstNode[], dynArgs: AstNode | null, dynKwargs: AstNode | null, frame: CompileFrame, first?: () => void): void {
    this._emit('[');
    if (first) {
      first();
      if (args.length > 0) this._emit(', ');
    }
    this.list(args, frame);
    if (dynArgs) {
      this._emit(first || args.length > 0 ? ', ...py.iter(' : '...py.iter(');
      this.expr(dynArgs, frame);
      this._emit(')');
    }
    this._emit('], ');
    if (kwargs.length === 0 && !dynKwargs) {
      this._emit('undefined');
      return;
    }
    if (dynKwargs) this._emit('py.mergeKw(');
    this._emit('{');
    kwargs.forEach((pair: AstNode, i: number) => {
      if (i > 0) this._emit(', ');
      this._emit(`${this.js(pair.key.value)}: `);
      this.expr(pair.value, frame);
    });
    this._emit('}');
    if (dynKwargs) {
      this._emit(', ');
      this.expr(dynKwargs, frame);
      this._emit(')');
    }
  }

  compilePyCall(node: AstNode, frame: CompileFrame, extraKwargs?: () => void): void {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, py.call(`);
    this.expr(node.node, frame);
    this._emit(', ');
    if (extraKwargs) {
      // A call block: the caller goes in as the keyword argument `caller`.
      this._emit('[');
      this.list(node.args, frame);
      if (node.dynArgs) {
        this._emit(node.args.length > 0 ? ', ...py.iter(' : '...py.iter(');
        this.expr(node.dynArgs, frame);
        this._emit(')');
      }
      this._emit('], ');
      if (node.dynKwargs) this._emit('py.mergeKw(');
      this._emit('{');
      for (const pair of node.kwargs) {
        this._emit(`${this.js(pair.key.value)}: `);
        this.expr(pair.value, frame);
        this._emit(', ');
      }
      extraKwargs();
      this._emit('}');
      if (node.dynKwargs) {
        this._emit(', ');
        this.expr(node.dynKwargs, frame);
        this._emit(')');
      }
    } else this.callArguments(node.args, node.kwargs, node.dynArgs, node.dynKwargs, frame);
    this._emit(`, ${this.js(expressionName(node.node))}))`);
  }

  /** Nunjucks' own call node (from a custom tag's parser): positional arguments and a trailing KeywordArgs. */
  compileFunCall(node: AstNode, frame: CompileFrame): void {
    const children: AstNode[] = node.args.children;
    const last = children[children.length - 1];
    const keywords = last?.typename === 'KeywordArgs' ? last.children : [];
    const positional = keywords.length > 0 ? children.slice(0, -1) : children;
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, py.call(`);
    this.expr(node.name, frame);
    this._emit(', ');
    const kwargs = keywords.map((pair: AstNode) => ({ key: { value: pair.key.value }, value: pair.value }));
    this.callArguments(positional, kwargs, null, null, frame);
    this._emit(`, ${this.js(expressionName(node.name))}))`);
  }

  compilePyFilter(node: AstNode, frame: CompileFrame): void {
    if (!Object.prototype.hasOwnProperty.call(FILTERS, node.name)) this.fail(`no filter named '${node.name}'`, node.lineno, node.colno);
    this._emit(`(lineno = ${node.lineno}, py.filter(${this.js(node.name)}, `);
    this.callArguments(node.args, node.kwargs, node.dynArgs, node.dynKwargs, frame, () => {
      if (node.node) this.expr(node.node, frame);
      else this._emit(this.filterBlockValue ?? 'undefined');
    });
    this._emit('))');
  }

  compilePyTest(node: AstNode, frame: CompileFrame): void {
    if (!Object.prototype.hasOwnProperty.call(TESTS, node.name)) this.fail(`no test named '${node.name}'`, node.lineno, node.colno);
    this._emit(`py.test(${this.js(node.name)}, `);
    this.callArguments(node.args, node.kwargs, node.dynArgs, node.dynKwargs, frame, () => this.expr(node.node, frame));
    this._emit(')');
  }
}
