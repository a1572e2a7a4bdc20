// The delivery worker's default sender, and the check of a webhook URL when it is set. Both refuse
// destinations inside the server's network (internal-address.ts) unless the server was started
// to allow them. At delivery the check is made on the addresses the connection actually uses:
// the hostname is resolved by the `lookup` of the request itself, so a name that resolved to a
// public address when the URL was set and to 127.0.0.1 now (DNS rebinding) is refused, and
// there is no second resolution between the check and the connection.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { FetchLike } from './delivery-worker.js';
import { bareHostname, classifyAddress, isLocalhostName } from './internal-address.js';

/** A destination refused because it is internal: final, never retried. */
export class InternalDestinationError extends Error {
  override readonly name = 'InternalDestinationError';
}

const ALLOW_HINT = 'webhooks to internal addresses are refused unless the server allows them (allowInternalWebhooks, serve --allow-internal-webhooks)';

function refusal(hostname: string, address: string, kind: string): InternalDestinationError {
  const shown = hostname === address ? address : `${hostname} (${address})`;
  return new InternalDestinationError(`refused to send to ${shown}: a ${kind} address; ${ALLOW_HINT}`);
}

/** The refusal for a hostname that is an IP literal or `localhost`, else null. */
function literalProblem(hostname: string): InternalDestinationError | null {
  const host = bareHostname(hostname);
  if (isLocalhostName(host)) return refusal(host, host, 'loopback');
  if (isIP(host) === 0) return null;
  const kind = classifyAddress(host);
  return kind === null ? null : refusal(host, host, kind);
}

/** Every address a hostname resolves to (dns.lookup with `all`); injectable for tests. */
export type ResolveHost = (hostname: string) => Promise<LookupAddress[]>;

/** Every address `hostname` resolves to by the system resolver, or the resolver's error. */
const resolveAll: ResolveHost = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));

/**
 * A `lookup` for http.request: the connection goes to the addresses `resolve` gives, and unless
 * `allowInternal` none is used when any of them is internal (the connection could use it).
 */
function createLookup(resolve: ResolveHost, allowInternal: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        for (const { address } of allowInternal ? [] : addresses) {
          const kind = classifyAddress(address);
          if (kind !== null) {
            callback(refusal(hostname, address, kind) as NodeJS.ErrnoException, '', 0);
            return;
          }
        }
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const usable = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
        if (options.all === true) (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, usable);
        else if (usable[0] === undefined) callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        else callback(null, usable[0].address, usable[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/**
 * Why `url` may not be a webhook destination of a server that refuses internal ones, or null.
 * Resolves the hostname; a name that does not resolve now is accepted (delivery checks again).
 */
export async function describeInternalDestination(url: string, resolve: ResolveHost = resolveAll): Promise<string | null> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null;
  }
  const literal = literalProblem(hostname);
  if (literal !== null) return literal.message;
  if (isIP(bareHostname(hostname)) !== 0) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await resolve(hostname);
  } catch {
    return null;
  }
  for (const { address } of addresses) {
    const kind = classifyAddress(address);
    if (kind !== null) return refusal(hostname, address, kind).message;
  }
  return null;
}

/** The response of a request: its status and headers at once, the body (drained, not kept) later. */
function responseOf(res: IncomingMessage): Awaited<ReturnType<FetchLike>> {
  const status = res.statusCode ?? 0;
  const drained = new Promise<ArrayBuffer>((resolve, reject) => {
    res.on('error', reject);
    res.on('end', () => resolve(new ArrayBuffer(0)));
    res.resume();
  });
  drained.catch(() => undefined);
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get(name: string): string | null {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    arrayBuffer: () => drained,
  };
}

export interface GuardedFetchOptions {
  readonly allowInternal: boolean;
  /** How hostnames are resolved (default: the system resolver, as dns.lookup). */
  readonly resolve?: ResolveHost;
}

/**
 * A FetchLike over node:http and node:https. Unless `allowInternal`, it refuses internal
 * destinations: IP literals and `localhost` before connecting, names by the addresses they
 * resolve to when the connection is made. Network failures reject like fetch's (`fetch failed`,
 * with the cause); a refusal rejects with an InternalDestinationError.
 */
export function createGuardedFetch(options: GuardedFetchOptions): FetchLike {
  const lookup = createLookup(options.resolve ?? resolveAll, options.allowInternal);
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      if (!options.allowInternal) {
        const refused = literalProblem(target.hostname);
        if (refused !== null) {
          reject(refused);
          return;
        }
      }
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(target, { method: init.method, headers: init.headers, signal: init.signal, lookup }, (res) => resolve(responseOf(res)));
      req.on('error', (error: Error) => {
        if (error instanceof InternalDestinationError || error.name === 'AbortError') reject(error);
        else reject(new TypeError('fetch failed', { cause: error }));
      });
      req.end(init.body);
    });
}
