/**
 * A Nunjucks parser that reads templates as jinja2 does: jinja2's operator precedence (`~` above `+`, `is` and `|`
 * at the unary level), tuples, slices, `*args`/`**kwargs`, dict keys that are expressions, `True`/`None`,
 * `for … if …`, tuple unpacking in `set` and `for`, namespace attributes, `do`, `break`/`continue`, `with`, and
 * Python's string escapes. Nunjucks' own parser does the text, comments, whitespace control and `raw`.
 */
import { createRequire } from 'node:module';
import {
  BreakNode, ContinueNode, DoNode, FloatLiteralNode, GetAttrNode, GetItemNode, NamespaceRefNode, nodes, PyCallBlockNode, PyCallNode,
  PyCompareNode, PyDictNode, PyFilterBlockNode, PyFilterNode, PyForNode, PyMacroNode, PySetNode, PyTestNode, SliceNode, TupleNode,
  WithNode, type AstNode,
} from './jinja-nodes.js';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any -- Nunjucks' lexer and parser are untyped JavaScript */
const lexer = require('nunjucks/src/lexer') as Record<string, any>;
const { Parser } = require('nunjucks/src/parser') as { Parser: new (tokens: unknown) => any };
/* eslint-enable @typescript-eslint/no-explicit-any */

interface Token {
  readonly type: string;
  readonly value: string;
  readonly lineno: number;
  readonly colno: number;
}

const T = {
  string: lexer.TOKEN_STRING as string,
  int: lexer.TOKEN_INT as string,
  float: lexer.TOKEN_FLOAT as string,
  boolean: lexer.TOKEN_BOOLEAN as string,
  none: lexer.TOKEN_NONE as string,
  symbol: lexer.TOKEN_SYMBOL as string,
  operator: lexer.TOKEN_OPERATOR as string,
  comma: lexer.TOKEN_COMMA as string,
  colon: lexer.TOKEN_COLON as string,
  tilde: lexer.TOKEN_TILDE as string,
  pipe: lexer.TOKEN_PIPE as string,
  lparen: lexer.TOKEN_LEFT_PAREN as string,
  rparen: lexer.TOKEN_RIGHT_PAREN as string,
  lbracket: lexer.TOKEN_LEFT_BRACKET as string,
  rbracket: lexer.TOKEN_RIGHT_BRACKET as string,
  lcurly: lexer.TOKEN_LEFT_CURLY as string,
  rcurly: lexer.TOKEN_RIGHT_CURLY as string,
  blockEnd: lexer.TOKEN_BLOCK_END as string,
  variableEnd: lexer.TOKEN_VARIABLE_END as string,
  regex: lexer.TOKEN_REGEX as string,
};

const COMPARE_OPS = new Set(['==', '!=', '<', '>', '<=', '>=']);
const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'include', 'import', 'from', 'switch', 'ifAsync', 'asyncEach', 'asyncAll', 'verbatim', 'autoescape', 'trans']);

/** Decodes a string literal's body as jinja2 does (Python's unicode-escape): unknown escapes keep their backslash. */
export function decodePythonEscapes(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|\n|.)/gs, (match, escape: string) => {
    switch (escape[0]) {
      case '\n': return '';
      case '\\': return '\\';
      case "'": return "'";
      case '"': return '"';
      case 'a': return '\x07';
      case 'b': return '\b';
      case 'f': return '\f';
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      case 'v': return '\v';
      case 'x': case 'u': case 'U': return String.fromCodePoint(parseInt(escape.slice(1), 16));
      case 'N': return match;
      default:
        if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
        return match;
    }
  });
}

/** A tokenizer whose string literals keep Python's escapes (Nunjucks drops the backslash of `\d`). */
function tokenize(source: string): unknown {
  const tokens = lexer.lex(source, {});
  tokens._parseString = function parseString(this: { forward(): void; current(): string; isFinished(): boolean }, delimiter: string): string {
    this.forward();
    let raw = '';
    while (!this.isFinished() && this.current() !== delimiter) {
      if (this.current() === '\\') {
        raw += '\\';
        this.forward();
      }
      raw += this.current();
      this.forward();
    }
    this.forward();
    return decodePythonEscapes(raw);
  };
  // jinja2 balances braces inside a tag: in `{{ {'a': {'b': 1}} }}` the first `}}` closes two dicts, not the tag.
  const nextToken = tokens.nextToken.bind(tokens);
  let depth = 0;
  tokens.nextToken = function balancedNextToken(this: { in_code: boolean; str: string; index: number; lineno: number; colno: number; forward(): void }): Token | null {
    if (this.in_code && depth > 0 && this.str.charAt(this.index) === '}') {
      const token = { type: T.rcurly, value: '}', lineno: this.lineno, colno: this.colno };
      this.forward();
      depth--;
      return token;
    }
    const token = nextToken() as Token | null;
    if (token?.type === T.lcurly) depth++;
    else if (token?.type === T.rcurly) depth--;
    else if (token?.type === T.variableEnd || token?.type === T.blockEnd) depth = 0;
    return token;
  };
  return tokens;
}

export class JinjaParser extends Parser {
  constructor(source: string) {
    super(tokenize(source));
  }

  private peek(): Token {
    return this.peekToken() as Token;
  }

  private isOp(value: string): boolean {
    const tok = this.peek();
    return Boolean(tok) && tok.type === T.operator && tok.value === value;
  }

  private isSymbol(value: string): boolean {
    const tok = this.peek();
    return Boolean(tok) && tok.type === T.symbol && tok.value === value;
  }

  private failAt(message: string, tok?: Token): never {
    const at = tok ?? this.peek();
    this.fail(message, at?.lineno, at?.colno);
    throw new Error(message);
  }

  // ---- statements ----

  parseStatement(): AstNode {
    const tok = this.peek();
    if (tok.type !== T.symbol) this.failAt('tag name expected', tok);
    if (this.breakOnBlocks && this.breakOnBlocks.includes(tok.value)) return null;
    switch (tok.value) {
      case 'for': return this.parseJinjaFor();
      case 'set': return this.parseJinjaSet();
      case 'macro': return this.parseJinjaMacro();
      case 'call': return this.parseCallBlock();
      case 'filter': return this.parseFilterBlock();
      case 'do': return this.parseDo();
      case 'with': return this.parseWith();
      case 'break':
      case 'continue': {
        this.nextToken();
        this.advanceAfterBlockEnd(tok.value);
        return tok.value === 'break' ? new BreakNode(tok.lineno, tok.colno) : new ContinueNode(tok.lineno, tok.colno);
      }
      default:
        if (UNSUPPORTED_TAGS.has(tok.value)) this.failAt(`the {% ${tok.value} %} tag is not supported in trevco templates`, tok);
        return super.parseStatement();
    }
  }

  private parseJinjaFor(): AstNode {
    const forTok = this.nextToken() as Token;
    const target = this.parseAssignTarget(true, ['in']);
    if (!this.skipSymbol('in')) this.failAt('expected "in" in for loop');
    const iter = this.parseTupleExpr(false, ['recursive']);
    let test = null;
    if (this.skipSymbol('if')) test = this.parseExpr(true);
    if (this.isSymbol('recursive')) this.failAt('recursive for loops are not supported in trevco templates');
    this.advanceAfterBlockEnd('for');
    const body = this.parseUntilBlocks('endfor', 'else');
    let elseBody = null;
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      elseBody = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return new PyForNode(forTok.lineno, forTok.colno, target, iter, body, elseBody, test);
  }

  /** A name, `ns.attr` (set only), or a tuple of targets, as jinja2's parse_assign_target. */
  private parseAssignTarget(withTuple: boolean, endSymbols: readonly string[], withNamespace = false): AstNode {
    const parseOne = (): AstNode => {
      const tok = this.peek();
      if (tok.type === T.lparen) {
        this.nextToken();
        const inner = this.parseAssignTarget(true, [], false);
        if (!this.skip(T.rparen)) this.failAt("expected ')'");
        return inner;
      }
      if (tok.type !== T.symbol) this.failAt(`can't assign to '${tok.value}'`, tok);
      this.nextToken();
      if (withNamespace && this.isOp('.')) {
        this.nextToken();
        const attr = this.nextToken() as Token;
        if (attr.type !== T.symbol) this.failAt('expected an attribute name', attr);
        return new NamespaceRefNode(tok.lineno, tok.colno, tok.value, attr.value);
      }
      return new nodes.Symbol(tok.lineno, tok.colno, tok.value);
    };
    const first = parseOne();
    if (!withTuple || this.peek().type !== T.comma) return first;
    const tuple = new TupleNode(first.lineno, first.colno, [first]);
    while (this.skip(T.comma)) {
      const tok = this.peek();
      if (tok.type === T.blockEnd || (tok.type === T.symbol && endSymbols.includes(tok.value)) || (tok.type === T.operator && tok.value === '=')) break;
      tuple.children.push(parseOne());
    }
    return tuple;
  }

  private parseJinjaSet(): AstNode {
    const tag = this.nextToken() as Token;
    const target = this.parseAssignTarget(true, [], true);
    if (this.skipValue(T.operator, '=')) {
      const value = this.parseTupleExpr(true, []);
      this.advanceAfterBlockEnd('set');
      return new PySetNode(tag.lineno, tag.colno, target, value, null, null);
    }
    if (target.typename === 'Tuple') this.failAt('a block set assigns one name');
    let filter = null;
    if (this.peek().type === T.pipe) filter = this.parseFilterChain(null);
    if (!this.skip(T.blockEnd)) this.failAt('expected = or the end of the set tag');
    const body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    this.advanceAfterBlockEnd();
    return new PySetNode(tag.lineno, tag.colno, target, null, body, filter);
  }

  /** `(a, b=1, c='x')` in a macro or call-block definition. */
  private parseParameters(): { params: string[]; defaults: (AstNode | null)[] } {
    const params: string[] = [];
    const defaults: (AstNode | null)[] = [];
    if (!this.skip(T.lparen)) this.failAt("expected '('");
    while (this.peek().type !== T.rparen) {
      if (params.length > 0 && !this.skip(T.comma)) this.failAt("expected ',' between parameters");
      if (this.peek().type === T.rparen) break;
      const name = this.nextToken() as Token;
      if (name.type !== T.symbol) this.failAt(`expected a parameter name, got '${name.value}'`, name);
      params.push(name.value);
      if (this.skipValue(T.operator, '=')) defaults.push(this.parseExpr(true));
      else {
        if (defaults.some((value) => value !== null)) this.failAt('non-default argument follows default argument', name);
        defaults.push(null);
      }
    }
    this.nextToken();
    return { params, defaults };
  }

  private parseJinjaMacro(): AstNode {
    const tag = this.nextToken() as Token;
    const name = this.nextToken() as Token;
    if (name.type !== T.symbol) this.failAt('expected a macro name', name);
    const { params, defaults } = this.parseParameters();
    this.advanceAfterBlockEnd('macro');
    const body = this.parseUntilBlocks('endmacro');
    this.advanceAfterBlockEnd();
    return new PyMacroNode(tag.lineno, tag.colno, name.value, params, defaults, body);
  }

  private parseCallBlock(): AstNode {
    const tag = this.nextToken() as Token;
    const signature = this.peek().type === T.lparen ? this.parseParameters() : { params: [], defaults: [] };
    const call = this.parseExpr(true);
    if (call.typename !== 'PyCall') this.failAt('expected a call in the call block', tag);
    this.advanceAfterBlockEnd('call');
    const body = this.parseUntilBlocks('endcall');
    this.advanceAfterBlockEnd();
    return new PyCallBlockNode(tag.lineno, tag.colno, call, signature.params, signature.defaults, body);
  }

  private parseFilterBlock(): AstNode {
    const tag = this.nextToken() as Token;
    this.pushToken({ type: T.pipe, value: '|', lineno: tag.lineno, colno: tag.colno });
    const filter = this.parseFilterChain(null);
    this.advanceAfterBlockEnd('filter');
    const body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endfilter'));
    this.advanceAfterBlockEnd();
    return new PyFilterBlockNode(tag.lineno, tag.colno, filter, body);
  }

  private parseDo(): AstNode {
    const tag = this.nextToken() as Token;
    const expr = this.parseTupleExpr(true, []);
    this.advanceAfterBlockEnd('do');
    return new DoNode(tag.lineno, tag.colno, expr);
  }

  private parseWith(): AstNode {
    const tag = this.nextToken() as Token;
    const targets: AstNode[] = [];
    const values: AstNode[] = [];
    while (this.peek().type !== T.blockEnd) {
      if (targets.length > 0 && !this.skip(T.comma)) this.failAt("expected ',' in with");
      targets.push(this.parseAssignTarget(false, []));
      if (!this.skipValue(T.operator, '=')) this.failAt("expected '=' in with");
      values.push(this.parseExpr(true));
    }
    this.advanceAfterBlockEnd('with');
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new WithNode(tag.lineno, tag.colno, targets, values, body);
  }

  // ---- expressions ----

  /** What Nunjucks' statement parsers (if, output) call: jinja2's parse_tuple with conditional expressions. */
  parseExpression(): AstNode {
    return this.parseTupleExpr(true, []);
  }

  /** jinja2's parse_tuple: `a, b` is a tuple; a single expression without a comma is itself. */
  private parseTupleExpr(withCondexpr: boolean, endSymbols: readonly string[], explicitParens = false): AstNode {
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

  private isTupleEnd(endSymbols: readonly string[]): boolean {
    const tok = this.peek();
    if (!tok) return true;
    if ([T.variableEnd, T.blockEnd, T.rparen].includes(tok.type)) return true;
    return tok.type === T.symbol && endSymbols.includes(tok.value);
  }

  private parseExpr(withCondexpr: boolean): AstNode {
    return withCondexpr ? this.parseCondExpr() : this.parseOrExpr();
  }

  private parseCondExpr(): AstNode {
    let expr = this.parseOrExpr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOrExpr();
      const elseExpr = this.skipSymbol('else') ? this.parseCondExpr() : null;
      const node = new nodes.InlineIf(expr.lineno, expr.colno, cond, expr, elseExpr);
      expr = node;
    }
    return expr;
  }

  private parseOrExpr(): AstNode {
    let left = this.parseAndExpr();
    while (this.skipSymbol('or')) left = new nodes.Or(left.lineno, left.colno, left, this.parseAndExpr());
    return left;
  }

  private parseAndExpr(): AstNode {
    let left = this.parseNotExpr();
    while (this.skipSymbol('and')) left = new nodes.And(left.lineno, left.colno, left, this.parseNotExpr());
    return left;
  }

  private parseNotExpr(): AstNode {
    const tok = this.peek();
    if (this.skipSymbol('not')) return new nodes.Not(tok.lineno, tok.colno, this.parseNotExpr());
    return this.parseCompareExpr();
  }

  private parseCompareExpr(): AstNode {
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

  private parseMath1(): AstNode {
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

  private parseConcatExpr(): AstNode {
    let left = this.parseMath2();
    while (this.skip(T.tilde)) left = new nodes.Concat(left.lineno, left.colno, left, this.parseMath2());
    return left;
  }

  private parseMath2(): AstNode {
    let left = this.parsePowExpr();
    const kinds: Record<string, string> = { '*': 'Mul', '/': 'Div', '//': 'FloorDiv', '%': 'Mod' };
    for (;;) {
      const tok = this.peek();
      if (!tok || tok.type !== T.operator || !(tok.value in kinds)) return left;
      this.nextToken();
      left = new nodes[kinds[tok.value]!](left.lineno, left.colno, left, this.parsePowExpr());
    }
  }

  private parsePowExpr(): AstNode {
    let left = this.parseUnaryExpr(true);
    while (this.isOp('**')) {
      this.nextToken();
      left = new nodes.Pow(left.lineno, left.colno, left, this.parseUnaryExpr(true));
    }
    return left;
  }

  private parseUnaryExpr(withFilter: boolean): AstNode {
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

  private parsePrimaryExpr(): AstNode {
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
  private exponent(mantissa: string): number {
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

  parsePostfix(node: AstNode): AstNode {
    return this.parsePostfixExpr(node);
  }

  private parsePostfixExpr(start: AstNode): AstNode {
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

  private parseSubscript(): AstNode {
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
  private parseArguments(): { args: AstNode[]; kwargs: AstNode[]; dynArgs: AstNode | null; dynKwargs: AstNode | null } {
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

  private parseCallArgs(node: AstNode): AstNode {
    const tok = this.peek();
    const { args, kwargs, dynArgs, dynKwargs } = this.parseArguments();
    return new PyCallNode(tok.lineno, tok.colno, node, args, kwargs, dynArgs, dynKwargs);
  }

  private parseDottedName(): { name: string; tok: Token } {
    const tok = this.nextToken() as Token;
    if (tok.type !== T.symbol && tok.type !== T.none && tok.type !== T.boolean) this.failAt(`expected a name, got '${tok.value}'`, tok);
    let name = tok.value;
    while (this.isOp('.')) {
      this.nextToken();
      name += `.${(this.nextToken() as Token).value}`;
    }
    return { name, tok };
  }

  private parseFilterChain(start: AstNode | null): AstNode {
    let node = start;
    while (this.skip(T.pipe)) {
      const { name, tok } = this.parseDottedName();
      const parsed = this.peek().type === T.lparen ? this.parseArguments() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      node = new PyFilterNode(tok.lineno, tok.colno, node, name, parsed.args, parsed.kwargs, parsed.dynArgs, parsed.dynKwargs);
    }
    return node;
  }

  /** jinja2's parse_filter_expr: filters, `is` tests and calls, left to right. */
  private parseFilterExpr(start: AstNode): AstNode {
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

  private parseTest(node: AstNode): AstNode {
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

/** Parses a template the jinja2 way into Nunjucks' node tree (plus the nodes of jinja-nodes.ts). */
export function parseJinja(source: string): AstNode {
  const parser = new JinjaParser(source);
  return parser.parseAsRoot();
}
