// Reading request bodies and writing responses: JSON (or form) bodies up to a size limit, PostHog's
// parse_error for malformed JSON, and the three kinds of reply (JSON, text, empty).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeJsonProblem, findJsonProblem } from '../action/json-limits.js';
import { parseError, requestTooLarge, serverError, unsupportedMediaType, validationError, type ApiError } from './api-error.js';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What an endpoint answers; `headers` are extra response headers. */
export type Reply = (
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string; readonly contentType: string }
  | { readonly status: number; readonly empty: true }
) & { readonly headers?: Readonly<Record<string, string>> };

// Bodies are UTF-8 (JSON's only encoding on the wire); invalid bytes are a parse error, not
// silently replaced characters stored in an action.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw parseError(`JSON parse error - the body is not valid UTF-8 (invalid byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')} at offset ${at})`);
  }
}

/**
 * The offset where UTF-8 breaks (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF): the first byte of the broken or cut-off sequence, as Python's decoder reports it.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    if (lead < 0x80) {
      index += 1;
      continue;
    }
    // Length of the sequence and the range its second byte must fall in.
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) [length, low, high] = [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, low, high] = [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf];
    else return index;
    for (let next = 1; next < length; next += 1) {
      const byte = bytes[index + next];
      if (byte === undefined) return index;
      if (next === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf) return index;
    }
    index += length;
  }
  return index;
}

/** Reads and parses a JSON body. An empty body reads as `{}`, as DRF treats it. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading without destroying the request: the 413 is still delivered, and the
        // connection is closed after it (sendReply sets Connection: close).
        req.off('data', onData);
        req.pause();
        reject(requestTooLarge(MAX_BODY_BYTES));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => {
      try {
        resolve(decodeUtf8(Buffer.concat(chunks)));
      } catch (error) {
        reject(error);
      }
    });
    req.once('error', reject);
  });
  if (text.trim() === '') return {};
  // A form body (curl -d without a content type) reads as DRF's FormParser reads it: one
  // string per field, the last one winning.
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== '' && type !== 'application/json' && !type.endsWith('+json')) throw unsupportedMediaType(type);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw parseError(`JSON parse error - ${error instanceof Error ? error.message : String(error)}`);
  }
  // Checked before any endpoint sees the value: everything after (validation, storage, hashing,
  // the reply itself) may recurse over it, and what is stored must read back the same.
  const problem = findJsonProblem(parsed);
  if (problem !== null) throw validationError(problem.code, `JSON value at ${describeJsonProblem(problem)}.`, problem.path.length === 0 ? null : problem.path.join('__'));
  return parsed;
}

/**
 * The body of a JSON reply, or null when it cannot be written (a value nested too deep for
 * JSON.stringify's recursion, a BigInt, a cycle): the caller answers a 500 instead.
 */
function serializeReply(json: unknown, onError: (error: unknown) => void): string | null {
  try {
    return JSON.stringify(json);
  } catch (error) {
    onError(error);
    return null;
  }
}

/**
 * Writes `reply`. Total: never throws (a client that went away is not the server's failure, and
 * a reply that cannot be serialised becomes a 500 reported to `onError`).
 */
export function sendReply(res: ServerResponse, reply: Reply, onError: (error: unknown) => void = () => undefined): void {
  try {
    writeReply(res, reply, onError);
  } catch (error) {
    // Headers that Node refuses (an invalid character), a socket that broke mid-write.
    onError(error);
    if (!res.headersSent && !res.destroyed) {
      res.statusCode = 500;
      res.end();
    } else res.destroy();
  }
}

function writeReply(res: ServerResponse, reply: Reply, onError: (error: unknown) => void): void {
  if (res.headersSent || res.destroyed) return;
  let body: { readonly text: string; readonly contentType: string } | null = null;
  if ('json' in reply) {
    const text = serializeReply(reply.json, onError);
    if (text === null) {
      writeReply(res, errorReply(serverError()), onError);
      return;
    }
    body = { text, contentType: 'application/json' };
  } else if ('text' in reply) body = reply;
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.status === 413) res.setHeader('Connection', 'close');
  if (body === null) {
    res.setHeader('Content-Length', '0');
    res.end();
  } else {
    res.setHeader('Content-Type', body.contentType);
    res.end(body.text);
  }
}

/** The reply for a thrown ApiError. */
export function errorReply(error: ApiError): Reply {
  const { headers } = error;
  return error.body === null ? { status: error.status, empty: true, headers } : { status: error.status, json: error.body, headers };
}
