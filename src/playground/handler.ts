// The playground's routes under /playground: the page, its script and stylesheet (built by
// `npm run build` into dist/playground/assets/), and the two endpoints the page calls. Mounted
// beside the Actions API by `actionmatch serve` and alone by `actionmatch playground`.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerPlayground } from './answer.js';
import { buildFixture } from './build-fixture.js';
import { renderPage } from './page.js';
import { BodyError, readJsonBody } from './read-body.js';

export interface PlaygroundHandlerOptions {
  /** Offer the picker of stored actions (read through the Actions API with the user's key). */
  readonly storedActions?: boolean;
  /** Where app.js and app.css are; default: `assets/` beside this module (dist/playground/assets). */
  readonly assetsDir?: URL;
}

/** What a route answers. */
type Reply = { readonly status: number; readonly headers?: Readonly<Record<string, string>> } & ({ readonly json: unknown } | { readonly text: string; readonly contentType: string });

/** Handles a request if it is the playground's, answering true; false leaves it to the caller. */
export type PlaygroundHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

export const PLAYGROUND_PATH = '/playground';

// Nothing but this origin: the page loads no outside resource and sends nothing elsewhere.
const pageHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

const assetTypes: Readonly<Record<string, string>> = {
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
  'app.js.map': 'application/json; charset=utf-8',
};

/** Creates the playground's handler. */
export function createPlaygroundHandler(options: PlaygroundHandlerOptions = {}): PlaygroundHandler {
  const assetsDir = options.assetsDir ?? new URL('./assets/', import.meta.url);
  const page = renderPage({ storedActions: options.storedActions === true });

  async function respond(req: IncomingMessage, path: string): Promise<Reply> {
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    if (path === PLAYGROUND_PATH || path === `${PLAYGROUND_PATH}/`) return only(method, 'GET', () => ({ status: 200, text: page, contentType: 'text/html; charset=utf-8', headers: pageHeaders }));
    const name = path.slice(PLAYGROUND_PATH.length + 1);
    const assetType = assetTypes[name];
    if (assetType !== undefined) return only(method, 'GET', () => readAsset(assetsDir, name, assetType));
    if (name === 'api/explain') return only(method, 'POST', async () => ({ status: 200, json: answerPlayground(asRequest(await readJsonBody(req))), headers: pageHeaders }));
    if (name === 'api/fixture') return only(method, 'POST', async () => ({ status: 200, json: buildFixture(await readJsonBody(req)), headers: pageHeaders }));
    return { status: 404, json: { detail: `no playground resource at ${path}` } };
  }

  return (req, res) => {
    const path = (req.url ?? '/').split(/[?#]/, 1)[0] ?? '/';
    if (path !== PLAYGROUND_PATH && !path.startsWith(`${PLAYGROUND_PATH}/`)) return false;
    respond(req, path).then(
      (reply) => sendReply(res, reply),
      (error: unknown) => sendReply(res, { status: error instanceof BodyError ? error.status : 500, json: { detail: error instanceof Error ? error.message : String(error) } }),
    );
    return true;
  };
}

async function only(method: string, allowed: string, run: () => Reply | Promise<Reply>): Promise<Reply> {
  if (method !== allowed) return { status: 405, json: { detail: `use ${allowed} here, not ${method}` }, headers: { Allow: allowed === 'GET' ? 'GET, HEAD' : allowed } };
  return run();
}

function asRequest(body: unknown): { action: unknown; event: unknown; now?: unknown } {
  const record = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return { action: record['action'], event: record['event'], now: record['now'] };
}

async function readAsset(dir: URL, name: string, contentType: string): Promise<Reply> {
  try {
    return { status: 200, text: await readFile(new URL(name, dir), 'utf8'), contentType, headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache' } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Running from the sources without a build is the one way to get here.
    const detail = code === 'ENOENT' ? `the playground's ${name} is not built: run npm run build` : `cannot read the playground's ${name}: ${code ?? String(error)}`;
    return { status: 500, text: `/* ${detail} */\n`, contentType };
  }
}

/** Writes `reply`; a client that went away is not an error. */
function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const body = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
  res.writeHead(reply.status, {
    ...reply.headers,
    'Content-Type': 'json' in reply ? 'application/json; charset=utf-8' : reply.contentType,
    'Content-Length': String(Buffer.byteLength(body)),
    ...(reply.status === 413 ? { Connection: 'close' } : {}),
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
