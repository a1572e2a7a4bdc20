// The playground on its own (`actionmatch playground`): no database, no keys, only the page and
// its endpoints. `/` sends the browser to /playground.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPlaygroundHandler, PLAYGROUND_PATH, type PlaygroundHandlerOptions } from './handler.js';

export interface StartPlaygroundOptions {
  /** Port to listen on; 0 picks a free one. Default 8000. */
  readonly port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  readonly host?: string;
  readonly assetsDir?: PlaygroundHandlerOptions['assetsDir'];
}

export interface RunningPlayground {
  readonly server: Server;
  /** `http://host:port/playground`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the playground server; resolves once it listens. */
export async function startPlayground(options: StartPlaygroundOptions = {}): Promise<RunningPlayground> {
  const playground = createPlaygroundHandler(options.assetsDir === undefined ? {} : { assetsDir: options.assetsDir });
  const server = createServer((req, res) => {
    if (playground(req, res)) return;
    const path = (req.url ?? '/').split(/[?#]/, 1)[0];
    if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
      res.writeHead(302, { Location: PLAYGROUND_PATH, 'Content-Length': '0' }).end();
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`Not found: the playground is at ${PLAYGROUND_PATH}\n`);
  });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new Error(`cannot listen on ${where}: the port is already in use (choose another --port, or 0 for a free one)`));
      else if (error.code === 'EACCES') reject(new Error(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new Error(`cannot listen on ${where}: no such local address`));
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    });
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    server,
    url: `http://${shownHost}:${address.port}${PLAYGROUND_PATH}`,
    port: address.port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
