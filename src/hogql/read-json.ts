// The parser's JSON AST read into typed nodes (ast.ts). JSON.parse cannot tell `10` from `10.0`,
// which PostHog compiles differently (INTEGER / FLOAT), so number tokens written with a fraction
// or an exponent are first marked in the text. Nodes deeper than `maxDepth` are refused before
// anything recurses on them.
import type { ArithmeticOperator, CompareOperator, HogQLNode } from './ast.js';
import { HogQLError, unsupportedHogQL } from './errors.js';

const FLOAT_MARK = '$float';

/** Wraps every JSON number token that has a fraction or exponent as `{"$float": n}`. */
function markFloats(json: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < json.length; i++) {
    const char = json.charCodeAt(i);
    if (char === 34 /* " */) {
      for (i++; i < json.length && json.charCodeAt(i) !== 34; i++) if (json.charCodeAt(i) === 92 /* \ */) i++;
      continue;
    }
    if (char !== 45 && (char < 48 || char > 57)) continue;
    let end = i + 1;
    while (end < json.length && /[0-9.eE+-]/.test(json.charAt(end))) end++;
    const token = json.slice(i, end);
    if (/[.eE]/.test(token)) {
      out += `${json.slice(copied, i)}{"${FLOAT_MARK}":${token}}`;
      copied = end;
    }
    i = end - 1;
  }
  return copied === 0 ? json : out + json.slice(copied);
}

type Json = Record<string, unknown>;

const compareOperators: readonly string[] = ['==', '!=', '<', '<=', '>', '>=', 'like', 'ilike', 'not like', 'not ilike', 'in', 'not in', 'in cohort', 'not in cohort', '=~', '!~', '=~*', '!~*'];
const arithmeticOperators: readonly string[] = ['+', '-', '*', '/', '%'];

class Reader {
  constructor(private readonly maxDepth: number) {}

  node(raw: unknown, depth: number): HogQLNode {
    if (depth > this.maxDepth) throw new HogQLError(`expression nests deeper than ${this.maxDepth} levels`, 'limit');
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw unsupportedHogQL('the parser returned an unexpected value');
    const json = raw as Json;
    const next = depth + 1;
    const child = (key: string): HogQLNode => this.node(json[key], next);
    const list = (key: string): HogQLNode[] => (Array.isArray(json[key]) ? (json[key] as unknown[]).map((item) => this.node(item, next)) : []);
    switch (json['node']) {
      case 'Constant':
        return readConstant(json);
      case 'Field':
        return { node: 'Field', chain: (Array.isArray(json['chain']) ? json['chain'] : []).map((part: unknown) => (typeof part === 'number' ? part : String(part))) };
      case 'And':
      case 'Or':
        return { node: json['node'], exprs: list('exprs') };
      case 'Not':
        return { node: 'Not', expr: child('expr') };
      case 'CompareOperation': {
        const op = String(json['op']);
        if (!compareOperators.includes(op)) throw unsupportedHogQL(`the comparison operator ${op} is not supported`);
        return { node: 'CompareOperation', op: op as CompareOperator, left: child('left'), right: child('right') };
      }
      case 'ArithmeticOperation': {
        const op = String(json['op']);
        if (!arithmeticOperators.includes(op)) throw unsupportedHogQL(`the arithmetic operator ${op} is not supported`);
        return { node: 'ArithmeticOperation', op: op as ArithmeticOperator, left: child('left'), right: child('right') };
      }
      case 'BetweenExpr':
        return { node: 'BetweenExpr', expr: child('expr'), low: child('low'), high: child('high'), negated: json['negated'] === true };
      case 'Call':
        return { node: 'Call', name: String(json['name']), args: list('args'), params: Array.isArray(json['params']) ? list('params') : null, distinct: json['distinct'] === true };
      case 'Array':
      case 'Tuple':
        return { node: json['node'], exprs: list('exprs') };
      case 'Dict': {
        const items = Array.isArray(json['items']) ? (json['items'] as unknown[]) : [];
        return { node: 'Dict', items: items.map((pair) => (Array.isArray(pair) ? ([this.node(pair[0], next), this.node(pair[1], next)] as const) : ([this.node(null, next), this.node(null, next)] as const))) };
      }
      case 'Lambda':
        return { node: 'Lambda', args: (Array.isArray(json['args']) ? json['args'] : []).map(String), expr: child('expr') };
      case 'ArrayAccess':
        return { node: 'ArrayAccess', array: child('array'), property: child('property'), nullish: json['nullish'] === true };
      case 'TupleAccess':
        return { node: 'TupleAccess', tuple: child('tuple'), index: Number(json['index']), nullish: json['nullish'] === true };
      default:
        return { node: 'Unsupported', kind: String(json['node']) };
    }
  }
}

function readConstant(json: Json): HogQLNode {
  const value = json['value'];
  if (json['value_type'] === 'number') throw unsupportedHogQL(`the number ${String(value)} cannot be stored in bytecode`);
  if (value !== null && typeof value === 'object' && FLOAT_MARK in value) {
    const number = (value as Record<string, unknown>)[FLOAT_MARK];
    return { node: 'Constant', value: typeof number === 'number' ? number : null, float: true };
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw unsupportedHogQL(`the number ${String(value)} cannot be stored in bytecode`);
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { node: 'Constant', value, float: false };
  throw unsupportedHogQL('the parser returned a constant of an unexpected type');
}

/** The parser's JSON text as typed nodes. Throws HogQLError. */
export function readParserJson(json: string, maxDepth: number): HogQLNode {
  return new Reader(maxDepth).node(JSON.parse(markFloats(json)) as unknown, 0);
}
