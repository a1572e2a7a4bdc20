// The page's state in the URL fragment, so that a link shows someone else the same action, event
// and evaluation time. The fragment never reaches a server. The JSON of the state is compressed
// (deflate-raw) and written in base64url: `#v1.<data>`.

export interface SharedState {
  readonly action: string;
  readonly event: string;
  readonly now: string;
}

const PREFIX = 'v1.';

/** The fragment (with its `#`) holding `state`. */
export async function encodeState(state: SharedState): Promise<string> {
  const json = JSON.stringify({ a: state.action, e: state.event, n: state.now });
  const bytes = await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `#${PREFIX}${toBase64Url(bytes)}`;
}

/** The state a fragment holds; null for an empty or foreign fragment, an Error for a damaged one. */
export async function decodeState(fragment: string): Promise<SharedState | null | Error> {
  const data = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!data.startsWith(PREFIX)) return null;
  try {
    const bytes = await transform(fromBase64Url(data.slice(PREFIX.length)), new DecompressionStream('deflate-raw'));
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
    const record = parsed as Record<string, unknown>;
    const text = (key: string): string => (typeof record[key] === 'string' ? record[key] : '');
    return { action: text('a'), event: text('e'), now: text('n') };
  } catch (caught) {
    return new Error(`the link's state cannot be read (${caught instanceof Error ? caught.message : String(caught)}); it may have been cut short`);
  }
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const writer = stream.writable.getWriter();
  void writer.write(bytes).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  const reader = stream.readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value as Uint8Array);
  }
  const out = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the data holds characters base64url does not use');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return bytes;
}
