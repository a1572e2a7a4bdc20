// Lint for action definitions: what compiles but silently changes what an action matches. A
// misspelt step field (`"urll"`) is ignored, so the step matches every event of that name; a
// misspelt filter field (`"operater"`) falls back to the default; an action without steps, or a
// step without conditions, matches every event; two actions with one name are told apart only
// by id (PostHog's API refuses a second live action with a name already taken). `actionmatch
// check` reports these as warnings, and `--strict` fails on them. Compile errors are not here:
// the compiler reports them.
import { isPlainObject, readOwn } from '../event/read-value.js';

export interface LintWarning {
  readonly code: 'unknown_step_field' | 'unknown_filter_field' | 'matches_every_event' | 'duplicate_name';
  /** Where in the action: `steps[0].urll`, or '' for the action itself. */
  readonly path: string;
  readonly message: string;
}

const stepFields = ['event', 'properties', 'selector', 'tag_name', 'text', 'text_matching', 'href', 'href_matching', 'url', 'url_matching'];
// PostHog's API adds the regex it derives from the selector; the matcher ignores it.
const derivedStepFields = ['selector_regex'];
// Fields older PostHog versions stored in steps and still send; the matcher ignores them (SEMANTICS.md §1.1).
const legacyStepFields = ['id', 'name', 'isNew'];
// Filter fields PostHog's own filters carry besides those that matter (labels, cohort names, negation).
const filterFields = ['type', 'key', 'value', 'operator', 'group_type_index'];
const otherFilterFields = ['label', 'cohort_name', 'negation'];

/** The warnings of one action. */
export function lintAction(action: unknown): LintWarning[] {
  const warnings: LintWarning[] = [];
  const steps = isPlainObject(action) ? readOwn(action, 'steps') : null;
  if (steps === null || (Array.isArray(steps) && steps.length === 0)) {
    warnings.push({ code: 'matches_every_event', path: 'steps', message: 'the action has no steps, so it matches every event' });
    return warnings;
  }
  if (!Array.isArray(steps)) return warnings;
  steps.forEach((step: unknown, index) => {
    if (!isPlainObject(step)) return;
    const path = `steps[${index}]`;
    for (const field of Object.keys(step)) {
      if (stepFields.includes(field) || legacyStepFields.includes(field) || derivedStepFields.includes(field)) continue;
      warnings.push({ code: 'unknown_step_field', path: `${path}.${field}`, message: `unknown step field ${JSON.stringify(field)} is ignored${suggest(field, stepFields)}` });
    }
    const properties = readOwn(step, 'properties');
    if (Array.isArray(properties)) {
      properties.forEach((filter: unknown, filterIndex) => {
        if (!isPlainObject(filter)) return;
        for (const field of Object.keys(filter)) {
          if (filterFields.includes(field) || otherFilterFields.includes(field)) continue;
          warnings.push({ code: 'unknown_filter_field', path: `${path}.properties[${filterIndex}].${field}`, message: `unknown filter field ${JSON.stringify(field)} is ignored${suggest(field, filterFields)}` });
        }
      });
    }
    const empty = (field: string): boolean => {
      const value = readOwn(step, field);
      return value === null || value === '';
    };
    const noFilters = properties === null || (Array.isArray(properties) && properties.length === 0);
    if (empty('event') && empty('url') && noFilters) {
      warnings.push({ code: 'matches_every_event', path, message: 'the step has no event, url or property filter, so it matches every event' });
    }
  });
  return warnings;
}

/** Warnings for names used by more than one action: `names` maps each action id to its name. */
export function lintDuplicateNames(names: ReadonlyMap<number, string | null>): Map<number, LintWarning> {
  const idsByName = new Map<string, number[]>();
  for (const [id, name] of names) {
    if (name === null || name.trim() === '') continue;
    idsByName.set(name, [...(idsByName.get(name) ?? []), id]);
  }
  const warnings = new Map<number, LintWarning>();
  for (const [name, ids] of idsByName) {
    if (ids.length < 2) continue;
    for (const id of ids) {
      const others = ids.filter((other) => other !== id);
      warnings.set(id, { code: 'duplicate_name', path: 'name', message: `the name ${JSON.stringify(name)} is also the name of action${others.length === 1 ? '' : 's'} ${others.join(', ')}` });
    }
  }
  return warnings;
}

/** ` (did you mean "url"?)` when a known field is one or two edits away, else ''. */
function suggest(field: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(field.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === null ? '' : ` (did you mean ${JSON.stringify(best)}?)`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost));
    }
    previous = current;
  }
  return previous[b.length] as number;
}
