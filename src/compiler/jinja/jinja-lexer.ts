/**
 * The tokens of a template as jinja2 sees them: Nunjucks' lexer, with string literals decoded as Python does
 * (`'\\d'` keeps its backslash) and braces balanced inside a tag (`{{ {'a': {'b': 1}} }}`).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any -- Nunjucks' lexer and parser are untyped JavaScript */
const lexer = require('nunjucks/src/lexer') as Record<string, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface Token {
  readonly type: string;
  readonly value: string;
  readonly lineno: number;
  readonly colno: number;
}

export const T = {
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
export function tokenize(source: string): unknown {
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

