/**
 * The expression half of the jinja2 parser (statements are in jinja-parser.ts): jinja2's operator precedence
 * (`~` above `+`, `is` and `|` at the unary level), tuples, slices, `*args`/`**kwargs`, dict keys that are
 * expressions, `True`/`None`, numbers as Python writes them.
 */
import { createRequire } from 'node:module';
import {
  FloatLiteralNode, GetAttrNode, GetItemNode, nodes, PyCallNode, PyCompareNode, PyDictNode, PyFilterNode, PyTestNode, SliceNode, TupleNode,
  type AstNode,
} from './jinja-nodes.js';
import { T, tokenize, type Token } from './jinja-lexer.js';

export { T, type Token };

const require = createRequire(import.meta.url);
const { Parser } = require('nunjucks/src/parser') as { Parser: new (tokens: unknown) => any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- untyped JavaScript

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);

export class JinjaExpressionParser extends Parser {
  constructor(source: string) {
    super(tokenize(source));
  }

  protected peek(): Token {
    return this.peekToken() as Token;
  }

  protected isOp(value: string): boolean {
    const tok = this.peek();
    return Boolean(tok) && tok.type === T.operator && tok.value === value;
  }

  protected isSymbol(value: string): boolean {
    const tok = this.peek();
    return Boolean(tok) && tok.type === T.symbol && tok.value === value;
  }

  protected failAt(message: string, tok?: Token): never {
    const at = tok ?? this.peek();
    this.fail(message, at?.lineno, at?.colno);
    throw new Error(message);
  }

  // ---- expressions ----

  /** What Nunjucks' statement parsers (if, output) call: jinja2's parse_tuple with conditional expressions. */
  parseExpression(): AstNode {
    return this.parseTupleExpr(true, []);
  }

  /** jinja2's parse_tuple: `a, b` is a tuple; a single expression without a comma is itself. */
  protected parseTupleExpr(withCondexpr: boolean, endSymbols: readonly string[], explicitParens = false): AstNode {
    const start = this.peek();
    const items: AstNode[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0 && !this.skip(T.comma)) break;
      if (this.isTupleEnd(endSymbols)) break;
      items.push(this.parseExpr(withCondexpr));
      if (this.peek().type === T.comma) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0];
      if (!explicitParens) this.failAt(`expected an expression, got '${start?.value ?? 'end of template'}'`, start);
    }
    return new TupleNode(start.lineno, start.colno, items);
  }

  protected isTupleEnd(endSymbols: readonly string[]): boolean {
    const tok = this.peek();
    if (!tok) return true;
    if ([T.variableEnd, T.blockEnd, T.rparen].includes(tok.type)) return true;
    return tok.type === T.symbol && endSymbols.includes(tok.value);
  }

  protected parseExpr(withCondexpr: boolean): AstNode {
    return withCondexpr ? this.parseCondExpr() : this.parseOrExpr();
  }

  protected parseCondExpr(): AstNode {
    let expr = this.parseOrExpr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOrExpr();
      const elseExpr = this.skipSymbol('else') ? this.parseCondExpr() : null;
      const node = new nodes.InlineIf(expr.lineno, expr.colno, cond, expr, elseExpr);
      expr = node;
    }
    return expr;
  }

  protected parseOrExpr(): AstNode {
    let left = this.parseAndExpr();
    while (this.skipSymbol('or')) left = new nodes.Or(left.lineno, left.colno, left, this.parseAndExpr());
    return left;
  }

  protected parseAndExpr(): AstNode {
    let left = this.parseNotExpr();
    while (this.skipSymbol('and')) left = new nodes.And(left.lineno, left.colno, left, this.parseNotExpr());
    return left;
  }

  protected parseNotExpr(): AstNode {
    const tok = this.peek();
    if (this.skipSymbol('not')) return new nodes.Not(tok.lineno, tok.colno, this.parseNotExpr());
    return this.parseCompareExpr();
  }

  protected parseCompareExpr(): AstNode {
    const expr = this.parseMath1();
    const ops: AstNode[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok && tok.type === T.operator && COMPARE_OPS.has(tok.value)) {
        this.nextToken();
        ops.push(new nodes.CompareOperand(tok.lineno, tok.colno, this.parseMath1(), tok.value));
      } else if (this.skipSymbol('in')) {
        ops.push(new nodes.CompareOperand(tok.lineno, tok.colno, this.parseMath1(), 'in'));
      } else if (this.isSymbol('not')) {
        const notTok = this.nextToken() as Token;
        if (!this.skipSymbol('in')) {
          this.pushToken(notTok);
          break;
        }
        ops.push(new nodes.CompareOperand(tok.lineno, tok.colno, this.parseMath1(), 'notin'));
      } else break;
    }
    return ops.length > 0 ? new PyCompareNode(expr.lineno, expr.colno, expr, ops) : expr;
  }

  protected parseMath1(): AstNode {
    let left = this.parseConcatExpr();
    for (;;) {
      if (this.isOp('+')) {
        this.nextToken();
        left = new nodes.Add(left.lineno, left.colno, left, this.parseConcatExpr());
      } else if (this.isOp('-')) {
        this.nextToken();
        left = new nodes.Sub(left.lineno, left.colno, left, this.parseConcatExpr());
      } else return left;
    }
  }

  protected parseConcatExpr(): AstNode {
    let left = this.parseMath2();
    while (this.skip(T.tilde)) left = new nodes.Concat(left.lineno, left.colno, left, this.parseMath2());
    return left;
  }

  protected parseMath2(): AstNode {
    let left = this.parsePowExpr();
    const kinds: Record<string, string> = { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' };
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.type !== T.operator || !(tok.value in kinds)) return left;
      this.nextToken();
      left = new nodes[kinds[tok.value]!](left.lineno, left.colno, left, this.parsePowExpr());
    }
  }

  protected parsePowExpr(): AstNode {
    let left = this.parseUnaryExpr(true);
    while (this.isOp('**')) {
      this.nextToken();
      left = new nodes.Pow(left.lineno, left.colno, left, this.parseUnaryExpr(true));
    }
    return left;
  }

  protected parseUnaryExpr(withFilter: boolean): AstNode {
    const tok = this.peek();
    let node: AstNode;
    if (this.isOp('-')) {
      this.nextToken();
      node = new nodes.Neg(tok.lineno, tok.colno, this.parseUnaryExpr(false));
    } else if (this.isOp('+')) {
      this.nextToken();
      node = new nodes.Pos(tok.lineno, tok.colno, this.parseUnaryExpr(false));
    } else node = this.parsePrimaryExpr();
    node = this.parsePostfixExpr(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  parsePrimary(): AstNode {
    return this.parsePostfixExpr(this.parsePrimaryExpr());
  }

  protected parsePrimaryExpr(): AstNode {
    const tok = this.nextToken() as Token;
    if (!tok) this.failAt('expected an expression, got the end of the template');
    switch (tok.type) {
      case T.symbol:
        if (tok.value === 'True' || tok.value === 'False') return new nodes.Literal(tok.lineno, tok.colno, tok.value === 'True');
        if (tok.value === 'None') return new nodes.Literal(tok.lineno, tok.colno, null);
        // Nunjucks' lexer leaves `1_000` and `1e3` as names; jinja2 reads them as numbers.
        if (/^\d[\d_]*$/.test(tok.value)) return new nodes.Literal(tok.lineno, tok.colno, Number(tok.value.replace(/_/g, '')));
        if (/^\d[\d_]*[eE]\d*$/.test(tok.value)) return new FloatLiteralNode(tok.lineno, tok.colno, this.exponent(tok.value));
        return new nodes.Symbol(tok.lineno, tok.colno, tok.value);
      case T.boolean:
        return new nodes.Literal(tok.lineno, tok.colno, tok.value === 'true');
      case T.none:
        // Nunjucks reads `null` as None; in jinja2 it is an ordinary (usually undefined) name.
        return tok.value === 'null' ? new nodes.Symbol(tok.lineno, tok.colno, 'null') : new nodes.Literal(tok.lineno, tok.colno, null);
      case T.string: {
        let value = tok.value;
        while (this.peek()?.type === T.string) value += (this.nextToken() as Token).value;
        return new nodes.Literal(tok.lineno, tok.colno, value);
      }
      case T.int:
        return new nodes.Literal(tok.lineno, tok.colno, Number(tok.value.replace(/_/g, '')));
      case T.float:
        return new FloatLiteralNode(tok.lineno, tok.colno, this.exponent(tok.value));
      case T.lparen: {
        const inner = this.parseTupleExpr(true, [], true);
        if (!this.skip(T.rparen)) this.failAt("expected ')'");
        return inner;
      }
      case T.lbracket: {
        const list = new nodes.Array(tok.lineno, tok.colno);
        while (this.peek().type !== T.rbracket) {
          if (list.children.length > 0 && !this.skip(T.comma)) this.failAt("expected ',' or ']' in a list");
          if (this.peek().type === T.rbracket) break;
          list.addChild(this.parseExpr(true));
        }
        this.nextToken();
        return list;
      }
      case T.lcurly: {
        const dict = new PyDictNode(tok.lineno, tok.colno, []);
        while (this.peek().type !== T.rcurly) {
          if (dict.children.length > 0 && !this.skip(T.comma)) this.failAt("expected ',' or '}' in a dict");
          if (this.peek().type === T.rcurly) break;
          const key = this.parseExpr(true);
          if (!this.skip(T.colon)) this.failAt("expected ':' after a dict key");
          dict.children.push(new nodes.Pair(key.lineno, key.colno, key, this.parseExpr(true)));
        }
        this.nextToken();
        return dict;
      }
      case T.regex:
        return this.failAt("Nunjucks' r/regex/ literals are not jinja2; use modules.re", tok);
      default:
        return this.failAt(`unexpected '${tok.value}'`, tok);
    }
  }

  /**
   * Nunjucks' lexer splits `1.5e-7` into `1.5`, `e`, `-`, `7` (and `1e3` is a name): join a float's exponent back.
   */
  protected exponent(mantissa: string): number {
    let text = mantissa.replace(/_/g, '');
    const next = this.peek();
    if (!/[eE]/.test(text) && next?.type === T.symbol && /^[eE]\d*$/.test(next.value)) {
      this.nextToken();
      text += next.value;
    }
    if (/[eE]$/.test(text)) {
      const sign = this.peek();
      if (sign?.type === T.operator && (sign.value === '-' || sign.value === '+')) {
        this.nextToken();
        text += sign.value;
      }
      const digits = this.nextToken() as Token;
      if (digits?.type !== T.int) this.failAt('invalid float literal', digits);
      text += digits.value;
    }
    return Number(text);
  }

  /** Nunjucks' argument list for custom tags (`{% tag a, b=1 %}`): each argument one expression, not a tuple. */
  parseSignature(tolerant: boolean, noParens: boolean): AstNode {
    let tok = this.peek();
    if (!noParens && tok.type !== T.lparen) {
      if (tolerant) return null;
      this.failAt('expected arguments', tok);
    }
    if (tok.type === T.lparen) tok = this.nextToken() as Token;
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const kwargs = new nodes.KeywordArgs(tok.lineno, tok.colno);
    let checkComma = false;
    for (;;) {
      tok = this.peek();
      if (!noParens && tok.type === T.rparen) {
        this.nextToken();
        break;
      }
      if (noParens && tok.type === T.blockEnd) break;
      if (checkComma && !this.skip(T.comma)) this.failAt('expected a comma between arguments', tok);
      const arg = this.parseExpr(true);
      if (this.skipValue(T.operator, '=')) kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpr(true)));
      else args.addChild(arg);
      checkComma = true;
    }
    if (kwargs.children.length) args.addChild(kwargs);
    return args;
  }

  parsePostfix(node: AstNode): AstNode {
    return this.parsePostfixExpr(node);
  }

  protected parsePostfixExpr(start: AstNode): AstNode {
    let node = start;
    for (;;) {
      const tok = this.peek();
      if (!tok) return node;
      if (tok.type === T.operator && tok.value === '.') {
        this.nextToken();
        const attr = this.nextToken() as Token;
        if (attr.type === T.symbol || attr.type === T.boolean || attr.type === T.none) node = new GetAttrNode(tok.lineno, tok.colno, node, attr.value);
        else if (attr.type === T.int) node = new GetItemNode(tok.lineno, tok.colno, node, new nodes.Literal(attr.lineno, attr.colno, Number(attr.value)));
        else if (attr.type === T.float) {
          // `xs.0.name` and `xs.0.1`: Nunjucks' lexer reads `0.` / `0.1` as a float.
          const [index, rest] = attr.value.split('.') as [string, string];
          node = new GetItemNode(tok.lineno, tok.colno, node, new nodes.Literal(attr.lineno, attr.colno, Number(index)));
          if (rest !== '') node = new GetItemNode(tok.lineno, tok.colno, node, new nodes.Literal(attr.lineno, attr.colno, Number(rest)));
          else {
            const name = this.nextToken() as Token;
            if (name.type !== T.symbol) this.failAt(`expected a name after '.', got '${name.value}'`, name);
            node = new GetAttrNode(tok.lineno, tok.colno, node, name.value);
          }
        }
        else this.failAt(`expected a name after '.', got '${attr.value}'`, attr);
      } else if (tok.type === T.lbracket) {
        this.nextToken();
        const keys: AstNode[] = [];
        while (this.peek().type !== T.rbracket) {
          if (keys.length > 0 && !this.skip(T.comma)) this.failAt("expected ',' or ']'");
          keys.push(this.parseSubscript());
        }
        this.nextToken();
        const key = keys.length === 1 ? keys[0] : new TupleNode(tok.lineno, tok.colno, keys);
        node = new GetItemNode(tok.lineno, tok.colno, node, key);
      } else if (tok.type === T.lparen) {
        node = this.parseCallArgs(node);
      } else return node;
    }
  }

  protected parseSubscript(): AstNode {
    const tok = this.peek();
    const parts: (AstNode | null)[] = [];
    let sawColon = false;
    let current: AstNode | null = null;
    for (;;) {
      const next = this.peek();
      if (next.type === T.colon) {
        this.nextToken();
        parts.push(current);
        current = null;
        sawColon = true;
      } else if (next.type === T.rbracket || next.type === T.comma) break;
      else current = this.parseExpr(true);
    }
    if (!sawColon) return current;
    parts.push(current);
    if (parts.length > 3) this.failAt('invalid slice', tok);
    return new SliceNode(tok.lineno, tok.colno, parts[0] ?? null, parts[1] ?? null, parts[2] ?? null);
  }

  /** `(a, b, key=c, *rest, **more)` after a callee, a filter or a test name. */
  protected parseArguments(): { args: AstNode[]; kwargs: AstNode[]; dynArgs: AstNode | null; dynKwargs: AstNode | null } {
    const args: AstNode[] = [];
    const kwargs: AstNode[] = [];
    let dynArgs: AstNode | null = null;
    let dynKwargs: AstNode | null = null;
    this.nextToken();
    let first = true;
    while (this.peek().type !== T.rparen) {
      if (!first && !this.skip(T.comma)) this.failAt("expected ',' or ')' in the arguments");
      first = false;
      if (this.peek().type === T.rparen) break;
      if (this.isOp('**')) {
        this.nextToken();
        dynKwargs = this.parseExpr(true);
      } else if (this.isOp('*')) {
        this.nextToken();
        dynArgs = this.parseExpr(true);
      } else {
        const expr = this.parseExpr(true);
        if (expr.typename === 'Symbol' && this.isOp('=')) {
          this.nextToken();
          kwargs.push(new nodes.Pair(expr.lineno, expr.colno, new nodes.Literal(expr.lineno, expr.colno, expr.value), this.parseExpr(true)));
        } else {
          if (kwargs.length > 0 || dynKwargs) this.failAt('positional argument follows keyword argument', this.peek());
          args.push(expr);
        }
      }
    }
    this.nextToken();
    return { args, kwargs, dynArgs, dynKwargs };
  }

  protected parseCallArgs(node: AstNode): AstNode {
    const tok = this.peek();
    const { args, kwargs, dynArgs, dynKwargs } = this.parseArguments();
    return new PyCallNode(tok.lineno, tok.colno, node, args, kwargs, dynArgs, dynKwargs);
  }

  protected parseDottedName(): { name: string; tok: Token } {
    const tok = this.nextToken() as Token;
    if (tok.type !== T.symbol && tok.type !== T.none && tok.type !== T.boolean) this.failAt(`expected a name, got '${tok.value}'`, tok);
    let name = tok.value;
    while (this.isOp('.')) {
      this.nextToken();
      name += `.${(this.nextToken() as Token).value}`;
    }
    return { name, tok };
  }

  protected parseFilterChain(start: AstNode | null): AstNode {
    let node = start;
    while (this.skip(T.pipe)) {
      const { name, tok } = this.parseDottedName();
      const parsed = this.peek().type === T.lparen ? this.parseArguments() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = new PyFilterNode(tok.lineno, tok.colno, node, name, parsed.args, parsed.kwargs, parsed.dynArgs, parsed.dynKwargs);
    }
    return node;
  }

  /** jinja2's parse_filter_expr: filters, `is` tests and calls, left to right. */
  protected parseFilterExpr(start: AstNode): AstNode {
    let node = start;
    for (;;) {
      const tok = this.peek();
      if (!tok) return node;
      if (tok.type === T.pipe) node = this.parseFilterChain(node);
      else if (tok.type === T.symbol && tok.value === 'is') node = this.parseTest(node);
      else if (tok.type === T.lparen) node = this.parseCallArgs(node);
      else return node;
    }
  }

  protected parseTest(node: AstNode): AstNode {
    const isTok = this.nextToken() as Token;
    const negated = this.skipSymbol('not');
    const { name, tok } = this.parseDottedName();
    let parsed: { args: AstNode[]; kwargs: AstNode[]; dynArgs: AstNode | null; dynKwargs: AstNode | null } = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const next = this.peek();
    if (next && next.type === T.lparen) parsed = this.parseArguments();
    else if (next && [T.symbol, T.string, T.int, T.float, T.lbracket, T.lcurly, T.boolean, T.none].includes(next.type) && !(next.type === T.symbol && ['else', 'or', 'and'].includes(next.value))) {
      if (next.type === T.symbol && next.value === 'is') this.failAt('You cannot chain multiple tests with is', next);
      parsed.args = [this.parsePostfixExpr(this.parsePrimaryExpr())];
    }
    const test = new PyTestNode(tok.lineno, tok.colno, node, name, parsed.args, parsed.kwargs, parsed.dynArgs, parsed.dynKwargs);
    return negated ? new nodes.Not(isTok.lineno, isTok.colno, test) : test;
  }
}
