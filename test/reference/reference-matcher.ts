// A deliberately simple, independent reading of SEMANTICS.md, used only by the tests: it walks
// the action JSON directly for every event (no bytecode, no folding, no prefilters) and does
// all string matching through re2-wasm, the way PostHog's VM delegates LIKE and regex to RE2.
// Its answers are PostHog-shaped values: true, false, or 1 for an ignored filter.
// Not covered (the generators avoid them): element fields, dates and semver.
import { RE2 } from 're2-wasm';

type Value = true | false | 1;
type Json = unknown;
type Obj = Record<string, unknown>;

const regexCache = new Map<string, RE2 | null>();

function re2(pattern: string): RE2 | null {
  if (!regexCache.has(pattern)) {
    let compiled: RE2 | null = null;
    try {
      compiled = new RE2(pattern, 'u');
    } catch {
      compiled = null;
    }
    regexCache.set(pattern, compiled);
  }
  return regexCache.get(pattern) ?? null;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(obj: unknown, key: string): Json {
  return isObj(obj) && Object.hasOwn(obj, key) ? (obj[key] ?? null) : null;
}

/** A filter's key read from an object; the empty key reads the whole object. */
function field(obj: unknown, key: string): Json {
  return key === '' ? (isObj(obj) ? obj : null) : own(obj, key);
}

function hogString(v: Json): string {
  if (typeof v === 'string') return v;
  const lit = (x: Json): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'string') return "'" + x.replace(/[\\'\n\r\t\0\b\f\v]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t', '\0': '\\0', '\b': '\\b', '\f': '\\f', '\v': '\\v' })[c] ?? c) + "'";
    if (Array.isArray(x)) return '[' + x.map(lit).join(', ') + ']';
    if (isObj(x)) return '{' + Object.entries(x).map(([k, y]) => lit(k) + ': ' + lit(y)).join(', ') + '}';
    return String(x);
  };
  return lit(v);
}

/** What RE2 receives for a raw field in PostHog's VM: String() of the value, objects as Maps. */
function vmString(v: Json): string {
  const convert = (x: Json): Json => (Array.isArray(x) ? x.map(convert) : isObj(x) ? new Map(Object.entries(x)) : x);
  return String(convert(v));
}

function cmp(op: string, a: Json, b: Json): boolean {
  let l = a;
  let r = b;
  if (typeof l === 'number' && typeof r === 'string') r = Number(r);
  else if (typeof l === 'string' && typeof r === 'number') l = Number(l);
  else if (typeof l === 'boolean' && typeof r === 'string') r = r === 'true';
  else if (typeof l === 'string' && typeof r === 'boolean') l = l === 'true';
  else if (typeof l === 'boolean' && typeof r === 'number') l = l ? 1 : 0;
  else if (typeof l === 'number' && typeof r === 'boolean') r = r ? 1 : 0;
  // The VM holds objects as Maps and compares containers through String().
  const x = (typeof l === 'object' && l !== null ? vmString(l) : l) as number;
  const y = (typeof r === 'object' && r !== null ? vmString(r) : r) as number;
  switch (op) {
    case '=': return l === r;
    case '!=': return l !== r;
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

/** LIKE through a regex, as the VM's like() builds it. */
function like(subject: string, pattern: string, ci: boolean): boolean {
  const source = pattern.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&').replaceAll('%', '.*').replaceAll('_', '.');
  return re2((ci ? '(?i)' : '') + source)?.test(subject) ?? false;
}

function search(pattern: string, subject: string): boolean {
  if (pattern === '' || subject === '') return false;
  return re2(pattern)?.test(subject) ?? false;
}

function and(values: Value[]): Value {
  return values.every((v) => !!v);
}
function or(values: Value[]): Value {
  return values.some((v) => !!v);
}

function pyStr(v: Json): string {
  return v === true ? 'True' : v === false ? 'False' : v === null ? 'None' : String(v);
}

function compareOp(operator: string, f: Json, v: Json): Value {
  switch (operator) {
    case 'exact': return cmp('=', f, typeof v === 'boolean' ? String(v) : v);
    case 'is_not': return cmp('!=', f, typeof v === 'boolean' ? String(v) : v);
    case 'is_set': return f !== null;
    case 'is_not_set': return f === null;
    case 'icontains': return like(hogString(f), `%${pyStr(v)}%`, true);
    case 'not_icontains': return !like(hogString(f), `%${pyStr(v)}%`, true);
    case 'regex': return search(hogString(v), hogString(f));
    case 'not_regex': return !search(hogString(v), hogString(f));
    case 'gt': return cmp('>', f, v);
    case 'gte': case 'min': return cmp('>=', f, v);
    case 'lt': return cmp('<', f, v);
    case 'lte': case 'max': return cmp('<=', f, v);
    case 'icontains_multi': case 'not_icontains_multi': {
      const hay = hogString(f).toLowerCase();
      const found = [pyStr(v)].some((n) => hay.includes(n.toLowerCase()));
      return operator === 'icontains_multi' ? found : !found;
    }
    default: throw new Error(`reference: operator ${operator}`);
  }
}

function readFilterValue(filter: Obj, event: Obj): Json {
  const type = (own(filter, 'type') ?? 'event') as string;
  const key = own(filter, 'key') as string;
  if (type === 'person') {
    if (key === 'distinct_id') return own(event, 'distinct_id');
    const person = own(own(event, 'person'), 'properties');
    return field(isObj(person) ? person : own(event, 'person_properties'), key);
  }
  if (type === 'group') {
    const index = own(filter, 'group_type_index');
    const groups = own(event, 'groups');
    const matching = Object.values(isObj(groups) ? groups : {}).filter((g) => own(g, 'index') === index);
    return matching.length === 0 ? null : field(own(matching[matching.length - 1], 'properties'), key);
  }
  if (key === '$elements_chain') return chainOf(event);
  return field(own(event, 'properties'), key);
}

/** PostHog's filter globals: `elements_chain ?? properties.$elements_chain`, null when neither. */
function chainOf(event: Obj): Json {
  return own(event, 'elements_chain') ?? own(own(event, 'properties'), '$elements_chain');
}

function filterValue(filter: Obj, event: Obj): Value {
  const operator = (own(filter, 'operator') ?? 'exact') as string;
  const key = own(filter, 'key');
  const value = own(filter, 'value');
  if (key === null) return 1;
  if (value === null && operator !== 'is_set' && operator !== 'is_not_set') return 1;
  if (own(filter, 'type') === 'group' && own(filter, 'group_type_index') === null) return 1;
  const f = readFilterValue(filter, event);
  if (operator === 'between' || operator === 'not_between') {
    const [lo, hi] = value as Json[];
    return operator === 'between' ? cmp('>=', f, lo) && cmp('<=', f, hi) : cmp('<', f, lo) || cmp('>', f, hi);
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 1;
    if (value.length === 1) return compareOp(operator, f, value[0]);
    if (operator === 'exact' || operator === 'in') return value.includes(f);
    if (operator === 'is_not' || operator === 'not_in') return !value.includes(f);
    if (operator === 'icontains' || operator === 'not_icontains') {
      const hay = hogString(f).toLowerCase();
      const found = value.some((n) => hay.includes(pyStr(n).toLowerCase()));
      return operator === 'icontains' ? found : !found;
    }
    const each = value.map((v) => compareOp(operator, f, v));
    return operator === 'not_regex' ? and(each) : or(each);
  }
  return compareOp(operator, f, value);
}

function stepValue(step: Obj, event: Obj): Value {
  const parts: Value[] = [];
  const name = own(step, 'event');
  if (name) parts.push(own(event, 'event') === name);
  const url = own(step, 'url') as string | null;
  if (url) {
    const f = own(own(event, 'properties'), '$current_url');
    const mode = own(step, 'url_matching') ?? 'contains';
    if (mode === 'exact') parts.push(cmp('=', f, url));
    else if (mode === 'regex') parts.push(!!f && search(url, vmString(f)));
    else parts.push(like(vmString(f), `%${url}%`, false));
  }
  const filters = own(step, 'properties');
  if (Array.isArray(filters) && filters.length > 0) {
    const values = filters.map((f) => filterValue(f as Obj, event));
    parts.push(values.length === 1 ? (values[0] as Value) : and(values));
  }
  if (parts.length === 0) return true;
  return parts.length === 1 ? (parts[0] as Value) : and(parts);
}

/** The PostHog-shaped value of `action` on `event`; a match is exactly `true`. */
export function referenceValue(action: Obj, event: Obj): Value {
  const steps = own(action, 'steps');
  if (!Array.isArray(steps) || steps.length === 0) return true;
  const values = steps.map((s) => stepValue(s as Obj, event));
  return values.length === 1 ? (values[0] as Value) : or(values);
}
