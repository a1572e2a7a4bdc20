// Reading the playground endpoints' JSON bodies. The playground sits below the server (which
// mounts it), so it reads its own small bodies rather than borrowing the API's reader.
import type { IncomingMessage } from 'node:http';

/** Largest body the endpoints read: two editor texts of MAX_TEXT_LENGTH characters fit. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A body the playground cannot read: the status and the message to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads and parses a JSON body; a body too large, not UTF-8 or not JSON is a BodyError. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // Stop reading; the answer is still sent, and the connection closed after it.
        req.off('data', onData);
        req.pause();
        reject(new BodyError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BodyError(400, 'the request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (caught) {
    throw new BodyError(400, `the request body is not JSON: ${caught instanceof Error ? caught.message : String(caught)}`);
  }
}
