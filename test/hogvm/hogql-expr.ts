// A parser for the small part of HogQL that PostHog's property tests write their expected
// expressions in ("toString(properties.a) ilike '%3%'", "arrayExists(x -> x = 'a', …)"), so
// golden data can quote PostHog's own expectations and compare them with the AST we build.
// Like PostHog's parser it flattens chains of AND / OR (parenthesised or not).
import { and, array, call, compare, constant, field, lambda, or, tuple, type CompareOp, type Expr } from '../../src/hogvm/ast.js';

type Token = { kind: 'number' | 'string' | 'ident' | 'op' | 'punct'; text: string; value?: unknown };

const compareOps: Readonly<Record<string, CompareOp>> = {
  '=': 'eq',
  '==': 'eq',
  '!=': 'not_eq',
  '<': 'lt',
  '<=': 'lt_eq',
  '>': 'gt',
  '>=': 'gt_eq',
  like: 'like',
  ilike: 'ilike',
  'not like': 'not_like',
  'not ilike': 'not_ilike',
  in: 'in',
  'not in': 'not_in',
  '=~': 'regex',
  '!~': 'not_regex',
};

function unescapeString(body: string): string {
  return body.replace(/\\(.)/gs, (_, char: string) => ({ n: '\n', t: '\t', r: '\r', '0': '\0' })[char] ?? char);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(-?\d+\.\d+|-?\d+)|'((?:\\.|[^'\\])*)'|([A-Za-z_$][\w$]*)|(->|==|!=|<=|>=|=~|!~|[=<>])|([(),.[\]])/gsy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < source.length && (match = pattern.exec(source)) !== null) {
    if (match[1] !== undefined) tokens.push({ kind: 'number', text: match[1], value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'string', text: match[0], value: unescapeString(match[2]) });
    else if (match[3] !== undefined) tokens.push({ kind: 'ident', text: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'op', text: match[4] });
    else if (match[5] !== undefined) tokens.push({ kind: 'punct', text: match[5] });
  }
  if (pattern.lastIndex < source.length) throw new Error(`cannot tokenize at ${pattern.lastIndex}: ${source}`);
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }
  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token?.kind === 'ident' && token.text.toLowerCase() === word;
  }
  private take(text: string): void {
    const token = this.peek();
    if (token?.text !== text) throw new Error(`expected ${text}, got ${token?.text ?? 'end'}`);
    this.position++;
  }

  parse(): Expr {
    const expr = this.parseOr();
    if (this.position !== this.tokens.length) throw new Error(`unexpected ${this.peek()?.text ?? ''}`);
    return expr;
  }

  private parseOr(): Expr {
    const items = [this.parseAnd()];
    while (this.isWord('or')) {
      this.position++;
      items.push(this.parseAnd());
    }
    if (items.length === 1 && items[0] !== undefined) return items[0];
    return or(items.flatMap((item) => (item.kind === 'or' ? item.exprs : [item])));
  }

  private parseAnd(): Expr {
    const items = [this.parseCompare()];
    while (this.isWord('and')) {
      this.position++;
      items.push(this.parseCompare());
    }
    if (items.length === 1 && items[0] !== undefined) return items[0];
    return and(items.flatMap((item) => (item.kind === 'and' ? item.exprs : [item])));
  }

  private parseCompare(): Expr {
    const left = this.parsePrimary();
    let operator: string | null = null;
    const token = this.peek();
    if (token?.kind === 'op' && token.text !== '->') operator = token.text;
    else if (this.isWord('not') && (this.isWord('like', 1) || this.isWord('ilike', 1) || this.isWord('in', 1))) {
      operator = `not ${this.peek(1)?.text.toLowerCase() ?? ''}`;
      this.position++;
    } else if (this.isWord('like') || this.isWord('ilike') || this.isWord('in')) operator = token?.text.toLowerCase() ?? '';
    if (operator === null) return left;
    this.position++;
    const op = compareOps[operator];
    if (op === undefined) throw new Error(`unknown operator ${operator}`);
    return compare(op, left, this.parsePrimary());
  }

  private parseList(close: string): Expr[] {
    const items: Expr[] = [];
    while (this.peek()?.text !== close) {
      items.push(this.parseArgument());
      if (this.peek()?.text === ',') this.position++;
    }
    this.take(close);
    return items;
  }

  private parseArgument(): Expr {
    if (this.peek()?.kind === 'ident' && this.peek(1)?.text === '->') {
      const name = this.peek()?.text ?? '';
      this.position += 2;
      return lambda([name], this.parseOr());
    }
    return this.parseOr();
  }

  private parsePrimary(): Expr {
    const token = this.peek();
    if (token === undefined) throw new Error('unexpected end');
    this.position++;
    if (token.kind === 'number' || token.kind === 'string') return constant(token.value);
    if (token.text === '[') return array(this.parseList(']'));
    if (token.text === '(') {
      const items = this.parseList(')');
      if (items.length === 1 && items[0] !== undefined) return items[0];
      return tuple(items);
    }
    if (token.kind !== 'ident') throw new Error(`unexpected ${token.text}`);
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return constant(lower === 'true');
    if (lower === 'null') return constant(null);
    if (this.peek()?.text === '(') {
      this.position++;
      return call(token.text, ...this.parseList(')'));
    }
    const chain: string[] = [token.text];
    while (this.peek()?.text === '.') {
      this.position++;
      chain.push(this.peek()?.text ?? '');
      this.position++;
    }
    return field(...chain);
  }
}

/** Parses `source` (HogQL subset) into our AST. */
export function parseHogQL(source: string): Expr {
  return new Parser(tokenize(source)).parse();
}
