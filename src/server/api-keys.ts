// Personal API keys: read from the keys file, checked on every request. A key carries scopes
// (`action:read`, `action:write`, or `*` for everything; write implies read, as in PostHog) and
// the user that `created_by` names on the actions it creates.
import type { IncomingHttpHeaders } from 'node:http';
import { isPlainObject } from '../event/read-value.js';
import { invalidKey, notAuthenticated, permissionDenied } from './api-error.js';

/**
 * The scopes endpoints require. Projects (the webhook URL) and hog functions (destinations) have
 * their own scopes as in PostHog; an action scope of the same level grants them too, since they
 * only exist here to serve actions' notifications (so keys files written for actions keep working).
 */
export type Scope = 'action:read' | 'action:write' | 'project:read' | 'project:write' | 'hog_function:read' | 'hog_function:write';

export interface ApiKey {
  readonly scopes: ReadonlySet<string>;
  /** PostHog's UserBasicSerializer fields, filled with defaults where the file leaves them out. */
  readonly user: Readonly<Record<string, unknown>>;
}

export type ApiKeys = ReadonlyMap<string, ApiKey>;

// PostHog's scope syntax; scopes of other resources are accepted (and grant nothing here).
const scopePattern = /^(\*|[a-z_]+:(read|write))$/;

function readUser(value: unknown, where: string, index: number): Record<string, unknown> {
  if (value !== undefined && !isPlainObject(value)) throw new TypeError(`${where}.user must be an object`);
  const user = value ?? {};
  const id = user['id'] ?? index + 1;
  if (!Number.isSafeInteger(id)) throw new TypeError(`${where}.user.id must be an integer`);
  return {
    id,
    uuid: null,
    distinct_id: null,
    first_name: '',
    last_name: '',
    email: '',
    is_email_verified: null,
    hedgehog_config: null,
    role_at_organization: null,
    ...user,
  };
}

/**
 * Reads the keys file's content: `{"phx_…": {"scopes": [...], "user": {...}}}`. Throws a
 * TypeError naming the entry and field when something is malformed.
 */
export function parseApiKeys(json: unknown): ApiKeys {
  if (!isPlainObject(json)) throw new TypeError('the keys file must be a JSON object mapping each key to {"scopes": [...], "user": {...}}');
  const keys = new Map<string, ApiKey>();
  Object.entries(json).forEach(([key, entry], index) => {
    const where = `keys[${JSON.stringify(key)}]`;
    if (key.trim() === '') throw new TypeError('the keys file has an empty key');
    // The Authorization header carries the key as one token of ASCII: a key with a space could
    // never be sent, and one with other characters arrives differently from each client.
    if (/[^\x21-\x7e]/.test(key)) throw new TypeError(`${where}: a key must be printable ASCII without whitespace (it is sent as "Authorization: Bearer <key>")`);
    if (!isPlainObject(entry)) throw new TypeError(`${where} must be an object with "scopes" and "user"`);
    const scopes = entry['scopes'];
    if (!Array.isArray(scopes) || !scopes.every((scope): scope is string => typeof scope === 'string')) {
      throw new TypeError(`${where}.scopes must be an array of strings such as "action:read" or "action:write"`);
    }
    const malformed = scopes.find((scope) => !scopePattern.test(scope));
    if (malformed !== undefined) throw new TypeError(`${where}.scopes: ${JSON.stringify(malformed)} is not a scope (expected "resource:read", "resource:write" or "*", e.g. "action:write")`);
    keys.set(key, { scopes: new Set(scopes), user: readUser(entry['user'], where, index) });
  });
  return keys;
}

function hasScope(key: ApiKey, scope: Scope): boolean {
  if (key.scopes.has('*') || key.scopes.has(scope)) return true;
  const [resource, level] = scope.split(':') as [string, 'read' | 'write'];
  // write implies read; an action scope of the level (or write for read) grants the others.
  if (level === 'read' && key.scopes.has(`${resource}:write`)) return true;
  if (resource === 'action') return false;
  return key.scopes.has(`action:${level}`) || (level === 'read' && key.scopes.has('action:write'));
}

/**
 * The key of a request that needs `scope`. Throws PostHog's 401 (no credentials, unknown key)
 * or 403 (the key lacks the scope).
 */
export function authenticate(headers: IncomingHttpHeaders, keys: ApiKeys, scope: Scope): ApiKey {
  const header = headers.authorization;
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (match === null) throw notAuthenticated();
  const key = keys.get(match[1] as string);
  if (key === undefined) throw invalidKey();
  if (!hasScope(key, scope)) throw permissionDenied(`API key missing required scope '${scope}'`);
  return key;
}
