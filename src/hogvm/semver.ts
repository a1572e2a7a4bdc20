// The semver operators of _expr_to_compare_op: `sortableSemver(f) <op> sortableSemver(v)`, and
// tilde / caret / wildcard as a range whose bounds PostHog's Python computes (_tilde_bounds,
// _caret_bounds, _wildcard_bounds over parse_semver). PostHog's newest compiler also gates every
// semver comparison on the property being a strict semver string (its tests pin the gate as
// `match(f, STRICT_SEMVER_REGEX) AND …`); we follow that.
import { and, call, compare, constant, type CompareOp, type Expr } from './ast.js';
import { hogqlError } from './errors.js';
import { pythonIntFromString, pythonRstrip } from '../compile/python-values.js';

/** STRICT_SEMVER_REGEX as PostHog's tests spell it in the gate. */
export const STRICT_SEMVER_REGEX = '^\\s*v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:[-+][^\\s]*)?\\s*$';

class InvalidSemver extends Error {}

function parseInt10(text: string): bigint {
  const value = pythonIntFromString(text);
  if (value === null) throw new InvalidSemver(text);
  return value;
}

/** `parse_semver`: major, minor, patch as written (pre-release dropped, missing parts "0"). */
function parseSemver(value: string): [string, string, string] {
  const parts = (value.split('-')[0] ?? '').split('.');
  if (parts.length < 1 || parts[0] === '' || parts[0] === undefined) throw new InvalidSemver(value);
  const major = parts[0];
  const minor = parts[1] ?? '0';
  const patch = parts[2] ?? '0';
  parseInt10(major);
  parseInt10(minor);
  parseInt10(patch);
  return [major, minor, patch];
}

function tildeBounds(value: string): [string, string] {
  const [major, minor, patch] = parseSemver(value);
  if ((value.split('-')[0] ?? '').split('.').length < 2) return [`${major}.0.0`, `${parseInt10(major) + 1n}.0.0`];
  return [`${major}.${minor}.${patch}`, `${major}.${parseInt10(minor) + 1n}.0`];
}

function caretBounds(value: string): [string, string] {
  const [major, minor, patch] = parseSemver(value);
  const lower = `${major}.${minor}.${patch}`;
  if (parseInt10(major) > 0n) return [lower, `${parseInt10(major) + 1n}.0.0`];
  if (parseInt10(minor) > 0n) return [lower, `0.${parseInt10(minor) + 1n}.0`];
  return [lower, `0.0.${parseInt10(patch) + 1n}`];
}

function wildcardBounds(raw: string): [string, string] {
  const value = pythonRstrip(raw, '.*');
  if (value === '') throw new InvalidSemver(raw);
  const parts = (value.split('-')[0] ?? '').split('.');
  const [major = '', minor = '', patch = ''] = parts;
  if (parts.length === 1) return [`${major}.0.0`, `${parseInt10(major) + 1n}.0.0`];
  if (parts.length === 2) {
    parseInt10(major);
    return [`${major}.${minor}.0`, `${major}.${parseInt10(minor) + 1n}.0`];
  }
  parseInt10(major);
  parseInt10(minor);
  return [`${major}.${minor}.${patch}.0`, `${major}.${minor}.${parseInt10(patch) + 1n}.0`];
}

const ranges: Readonly<Record<string, [string, (value: string) => [string, string]]>> = {
  semver_tilde: ['Tilde', tildeBounds],
  semver_caret: ['Caret', caretBounds],
  semver_wildcard: ['Wildcard', wildcardBounds],
};

const comparisons: Readonly<Record<string, CompareOp>> = {
  semver_eq: 'eq',
  semver_neq: 'not_eq',
  semver_gt: 'gt',
  semver_gte: 'gt_eq',
  semver_lt: 'lt',
  semver_lte: 'lt_eq',
};

const sortable = (expr: Expr): Expr => call('sortableSemver', expr);

/** The semver expression for `operator`, or null when `operator` is not a semver operator. */
export function semverCompare(expr: Expr, value: unknown, operator: string): Expr | null {
  const gate = call('match', expr, constant(STRICT_SEMVER_REGEX));
  const op = Object.hasOwn(comparisons, operator) ? comparisons[operator] : undefined;
  if (op !== undefined) return and([gate, compare(op, sortable(expr), sortable(constant(value)))]);
  const range = Object.hasOwn(ranges, operator) ? ranges[operator] : undefined;
  if (range === undefined) return null;
  const [name, bounds] = range;
  if (typeof value !== 'string') throw hogqlError(`${name} operator requires a semver string value`);
  let lower: string;
  let upper: string;
  try {
    [lower, upper] = bounds(value);
  } catch (caught) {
    if (caught instanceof InvalidSemver) throw hogqlError(`${name} operator requires a valid semver string (e.g., '1.2.3')`);
    throw caught;
  }
  return and([gate, compare('gt_eq', sortable(expr), sortable(constant(lower))), compare('lt', sortable(expr), sortable(constant(upper)))]);
}
