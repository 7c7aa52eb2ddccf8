/**
 * A Nunjucks parser that reads templates as jinja2 does: the statements (`for … if …`, tuple unpacking in `set` and
 * `for`, namespace attributes, macros with defaults, call blocks, filter blocks, `do`, `break`/`continue`, `with`),
 * on top of jinja-expression-parser.ts. Nunjucks' own parser still does the text, comments, whitespace control,
 * `if` and `raw`; the tags jinja2 has but trevco does not run (`extends`, `include`, `import`…) are refused.
 */
import {
  BreakNode, ContinueNode, DoNode, NamespaceRefNode, nodes, PyCallBlockNode, PyFilterBlockNode, PyForNode, PyMacroNode, PySetNode,
  TupleNode, WithNode, type AstNode,
} from './jinja-nodes.js';
import { JinjaExpressionParser, T, type Token } from './jinja-expression-parser.js';

const UNSUPPORTED_TAGS = new Set(['block', 'extends', 'include', 'import', 'from', 'switch', 'ifAsync', 'asyncEach', 'asyncAll', 'verbatim', 'autoescape', 'trans']);

export class JinjaParser extends JinjaExpressionParser {
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
      case 'raw': return this.parseRawBlock();
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
    if (this.peek().type !== T.blockEnd) this.failAt('expected = or the end of the set tag');
    this.advanceAfterBlockEnd('set');
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

  /** `{% raw %}…{% endraw %}` with jinja2's whitespace control on both tags (Nunjucks ignores `{%- endraw -%}`). */
  private parseRawBlock(): AstNode {
    const tag = this.nextToken() as Token;
    const end = this.nextToken() as Token;
    if (end?.type !== T.blockEnd) this.failAt('expected the end of the raw tag', end);
    const match = this.tokens._extractRegex(/([\s\S]*?)\{%(-?)\s*endraw\s*(-?)%\}/) as RegExpMatchArray | null;
    if (!match) this.failAt('raw block is not closed by {% endraw %}', tag);
    let text = match![1]!;
    if (end.value.startsWith('-')) text = text.replace(/^\s+/, '');
    if (match![2] === '-') text = text.replace(/\s+$/, '');
    this.dropLeadingWhitespace = match![3] === '-';
    return new nodes.Output(tag.lineno, tag.colno, [new nodes.TemplateData(tag.lineno, tag.colno, text)]);
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

}

/** Parses a template the jinja2 way into Nunjucks' node tree (plus the nodes of jinja-nodes.ts). */
export function parseJinja(source: string, extensions: readonly unknown[] = []): AstNode {
  const parser = new JinjaParser(source);
  parser.extensions = [...extensions];
  return parser.parseAsRoot();
}
