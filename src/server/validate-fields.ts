// Field validators with Django REST Framework's rules and messages (PostHog's serializers are
// DRF serializers): each returns the cleaned value or throws a validation error naming the field
// in PostHog's `attr` spelling (`name`, `steps__0__url`).
import { isPlainObject } from '../event/read-value.js';
import { validationError } from './api-error.js';

/** The type name DRF's messages use for a JSON value. */
export function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** A JSON object (DRF's dictionary), or DRF's error for it; `attr` is null for the whole body. */
export function readDictionary(value: unknown, attr: string | null): Record<string, unknown> {
  if (!isPlainObject(value)) throw validationError('invalid', `Invalid data. Expected a dictionary, but got ${pythonTypeName(value)}.`, attr);
  return value;
}

export interface CharRules {
  readonly allowNull?: boolean;
  readonly allowBlank?: boolean;
  readonly trim?: boolean;
  readonly maxLength?: number;
}

/** DRF CharField: strings, and numbers turned into strings; booleans and containers refused. */
export function readChar(value: unknown, attr: string, rules: CharRules): string | null {
  if (value === null) {
    if (rules.allowNull === true) return null;
    throw validationError('null', 'This field may not be null.', attr);
  }
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else throw validationError('invalid', 'Not a valid string.', attr);
  if (rules.trim !== false) text = text.trim();
  if (text === '') {
    if (rules.allowBlank === true) return text;
    if (rules.allowNull === true && rules.trim !== false) return null;
    throw validationError('blank', 'This field may not be blank.', attr);
  }
  if (rules.maxLength !== undefined && [...text].length > rules.maxLength) {
    throw validationError('max_length', `Ensure this field has no more than ${rules.maxLength} characters.`, attr);
  }
  return text;
}

const truthy = new Set<unknown>([true, 1, 'true', 'True', 'TRUE', '1', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y', 't', 'T']);
const falsy = new Set<unknown>([false, 0, 'false', 'False', 'FALSE', '0', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N', 'f', 'F']);

/** DRF BooleanField, including the strings and numbers it accepts. */
export function readBoolean(value: unknown, attr: string): boolean {
  if (truthy.has(value)) return true;
  if (falsy.has(value)) return false;
  if (value === null) throw validationError('null', 'This field may not be null.', attr);
  throw validationError('invalid', 'Must be a valid boolean.', attr);
}

/** DRF ChoiceField (nullable). */
export function readChoice<T extends string>(value: unknown, attr: string, choices: readonly T[]): T | null {
  if (value === null || value === '') return null;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  throw validationError('invalid_choice', `${JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value))} is not a valid choice.`, attr);
}

/** DRF ListField: an array, or the list error. */
export function readList(value: unknown, attr: string, allowNull: boolean): unknown[] | null {
  if (value === null) {
    if (allowNull) return null;
    throw validationError('null', 'This field may not be null.', attr);
  }
  if (!Array.isArray(value)) throw validationError('not_a_list', `Expected a list of items but got type "${pythonTypeName(value)}".`, attr);
  return value;
}

// ISO 8601 as DRF's DateTimeField parses it: date, time to the minute at least, optional zone.
const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** DRF DateTimeField (nullable): returns the instant in ISO form. */
export function readDateTime(value: unknown, attr: string): string | null {
  if (value === null || value === '') return null;
  const time = typeof value === 'string' && isoDateTime.test(value) ? Date.parse(value.replace(' ', 'T')) : Number.NaN;
  if (Number.isNaN(time)) {
    throw validationError('invalid', 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].', attr);
  }
  return new Date(time).toISOString();
}
