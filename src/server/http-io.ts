// Reading request bodies and writing responses: JSON (or form) bodies up to a size limit, PostHog's
// parse_error for malformed JSON, and the three kinds of reply (JSON, text, empty).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, parseError, unsupportedMediaType } from './api-error.js';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export type Reply =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string; readonly contentType: string }
  | { readonly status: number; readonly empty: true };

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
        reject(new ApiError(413, { type: 'invalid_request', code: 'request_too_large', detail: `Request body larger than ${MAX_BODY_BYTES} bytes.`, attr: null }));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
  if (text.trim() === '') return {};
  // A form body (curl -d without a content type) reads as DRF's FormParser reads it: one
  // string per field, the last one winning.
  if (type === 'application/x-www-form-urlencoded') return Object.fromEntries(new URLSearchParams(text));
  if (type !== '' && type !== 'application/json' && !type.endsWith('+json')) throw unsupportedMediaType(type);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw parseError(`JSON parse error - ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Writes `reply`; never throws (a client that went away is not the server's failure). */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = reply.status;
  if (reply.status === 413) res.setHeader('Connection', 'close');
  if ('empty' in reply) {
    res.setHeader('Content-Length', '0');
    res.end();
  } else if ('text' in reply) {
    res.setHeader('Content-Type', reply.contentType);
    res.end(reply.text);
  } else {
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(reply.json));
  }
}

/** The reply for a thrown ApiError. */
export function errorReply(error: ApiError): Reply {
  return error.body === null ? { status: error.status, empty: true } : { status: error.status, json: error.body };
}
