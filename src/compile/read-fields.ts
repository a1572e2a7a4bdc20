// Typed reads of an action's JSON fields. A field of the wrong type is a compile error
// naming the field; missing and null read as null.
import { describeKind, isPlainObject, readOwn } from '../event/read-value.js';
import { CompileError } from './errors.js';

export function readOptionalString(obj: Record<string, unknown>, key: string, path: string): string | null {
  const value = readOwn(obj, key);
  if (value === null || typeof value === 'string') return value;
  throw new CompileError('invalid_type', path, `expected a string or null, got ${describeKind(value)}`);
}

export function readOptionalArray(obj: Record<string, unknown>, key: string, path: string): unknown[] | null {
  const value = readOwn(obj, key);
  if (value === null || Array.isArray(value)) return value;
  throw new CompileError('invalid_type', path, `expected an array or null, got ${describeKind(value)}`);
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (isPlainObject(value)) return value;
  throw new CompileError('invalid_type', path, `expected an object, got ${describeKind(value)}`);
}
