// What a careless or hostile client sends, over real HTTP: dot segments in paths, bodies that are
// not UTF-8, repeated query parameters, methods a path does not allow, and a client that stalls
// mid-upload while the server stops. Also the start-up failures an operator meets: a keys file
// saved with a byte order mark, a database in a missing directory, a port in use.
import { writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/server/http-io.js';
import { startServer } from '../../src/server/start-server.js';
import { newDatabase } from '../helpers/test-store.js';
import { asPage, createOk, createTempDir, keys, request, startTestServer, writeKeys, type TestServer } from './server-fixture.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['One', 'Two', 'Three']) await createOk(server.url, { name });
});
afterAll(async () => {
  await server.close();
});

/** A GET with the path sent exactly as written (fetch would resolve `..` before sending). */
function rawGet(baseUrl: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, headers: { authorization: 'Bearer phx_write' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('paths', () => {
  it.each(['/api/projects/1/actions/../', '/api/projects/1/actions/%2e%2e/', '/api/projects/1/actions/2/../1/', '/api/projects/1/actions/1/./', '/api/projects/1/actions/2\\..\\1/'])(
    '%s is no route (404), not the endpoint the resolved path names',
    async (path) => {
      const response = await rawGet(server.url, path);
      expect(response.status).toBe(404);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'not_found' });
    },
  );

  it('the same action without dot segments is found', async () => {
    expect((await rawGet(server.url, '/api/projects/1/actions/1/')).status).toBe(200);
  });

  it('accepts an absolute-form target, as proxies send it, routing on its path alone', async () => {
    const response = await rawGet(server.url, 'http://elsewhere.example/api/projects/1/actions/1/?format=json');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ id: 1, name: 'One' });
    expect((await rawGet(server.url, 'http://elsewhere.example/api/projects/1/actions/../')).status).toBe(404);
  });
});

describe('bodies', () => {
  it('a body that is not UTF-8 is a parse error naming the byte, and creates nothing', async () => {
    const before = asPage(await request(server.url, 'GET', '/api/projects/1/actions/')).count;
    const body = Buffer.concat([Buffer.from('{"name": "caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const response = await fetch(new URL('/api/projects/1/actions/', server.url), {
      method: 'POST',
      headers: { authorization: 'Bearer phx_write', 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      type: 'invalid_request',
      code: 'parse_error',
      detail: 'JSON parse error - the body is not valid UTF-8 (invalid byte 0xe9 at offset 13)',
      attr: null,
    });
    expect(asPage(await request(server.url, 'GET', '/api/projects/1/actions/')).count).toBe(before);
  });

  it('finds where UTF-8 breaks exactly where a strict decoder fails', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    const decodes = (bytes: Uint8Array): boolean => {
      try {
        strict.decode(bytes);
        return true;
      } catch {
        return false;
      }
    };
    // Bytes biased towards UTF-8's interesting values, and whole strings with a byte spliced in.
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0x9f, 0xa0, 0x8f, 0x90));
    const arbitraryBytes = fc.oneof(
      fc.array(byte, { maxLength: 12 }).map((values) => Uint8Array.from(values)),
      fc.tuple(fc.string({ unit: 'grapheme' }), byte, fc.nat()).map(([text, spliced, at]) => {
        const bytes = [...Buffer.from(text, 'utf8')];
        bytes.splice(at % (bytes.length + 1), 0, spliced);
        return Uint8Array.from(bytes);
      }),
    );
    fc.assert(
      fc.property(arbitraryBytes, (bytes) => {
        const at = firstInvalidUtf8(bytes);
        expect(at === bytes.length).toBe(decodes(bytes));
        expect(decodes(bytes.subarray(0, at))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('multi-byte UTF-8 is read as written', async () => {
    const action = await createOk(server.url, { name: 'Café ☕ 注册 🎉' });
    expect(action.name).toBe('Café ☕ 注册 🎉');
  });
});

describe('query strings', () => {
  it('a repeated parameter takes its last value, as Django reads it', async () => {
    const page = asPage(await request(server.url, 'GET', '/api/projects/1/actions/?limit=1&limit=2'));
    expect(page.results).toHaveLength(2);
    expect(new URL(page.next ?? '').searchParams.getAll('limit')).toEqual(['2']);
    const json = await request(server.url, 'GET', '/api/projects/1/actions/?format=csv&format=json');
    expect(json.headers.get('content-type')).toBe('application/json');
    const found = asPage(await request(server.url, 'GET', '/api/projects/1/actions/?search=nothing-like-it&search=tw'));
    expect(found.results.map((action) => action.name)).toEqual(['Two']);
  });
});

describe('response headers', () => {
  it('a 405 names the allowed methods in Allow', async () => {
    const options = await request(server.url, 'OPTIONS', '/api/projects/1/actions/');
    expect(options.status).toBe(405);
    expect(options.headers.get('allow')).toBe('GET, POST, HEAD');
    const del = await request(server.url, 'DELETE', '/api/projects/1/actions/1/');
    expect(del.status).toBe(405);
    expect(del.text).toBe('');
    expect(del.headers.get('allow')).toBe('GET, PATCH, PUT, DELETE, HEAD');
  });

  it('a 401 carries the Bearer challenge', async () => {
    for (const key of [null, 'phx_unknown']) {
      const response = await request(server.url, 'GET', '/api/projects/1/actions/', { key });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
  });
});

describe('start and stop', () => {
  it('reads a keys file that starts with a UTF-8 byte order mark', async () => {
    const dir = createTempDir();
    const keysFile = join(dir, 'bom.json');
    writeFileSync(keysFile, `\uFEFF${JSON.stringify(keys)}`);
    const running = await startServer({ database: await newDatabase(dir), keysFile, port: 0 });
    try {
      expect((await request(running.url, 'GET', '/api/projects/1/actions/')).status).toBe(200);
    } finally {
      await running.close();
    }
  });

  it('names the database file that cannot be opened', async () => {
    const dir = createTempDir();
    const dbFile = join(dir, 'missing-dir', 'a.db');
    await expect(startServer({ dbFile, keysFile: writeKeys(dir), port: 0 })).rejects.toThrow(`cannot open database ${dbFile}: `);
  });

  it('says that the port is in use', async () => {
    const dir = createTempDir();
    const port = Number(new URL(server.url).port);
    await expect(startServer({ dbFile: join(dir, 'a.db'), keysFile: writeKeys(dir), port })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${port}: the port is already in use`,
    );
  });

  it('close() cuts a client that stalls mid-upload once the grace period is over', { timeout: 15_000 }, async () => {
    const dir = createTempDir();
    const running = await startServer({ database: await newDatabase(dir), keysFile: writeKeys(dir), port: 0, closeGraceMs: 100 });
    const socket = connect(running.port, '127.0.0.1');
    const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // Promises 100 bytes of body and sends one.
    socket.write('POST /api/projects/1/actions/ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer phx_write\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await running.close();
    await socketClosed;
    expect(socket.destroyed).toBe(true);
  });
});
