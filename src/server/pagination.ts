// limit/offset pagination as Django REST Framework's LimitOffsetPagination does it (PostHog's
// default): lenient parsing, absolute next/previous links with the query re-encoded in sorted
// order, and no `previous` offset at the start.

const DEFAULT_LIMIT = 100;

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

function readInteger(value: string | null): number | null {
  if (value === null || !/^\s*[+-]?\d+\s*$/.test(value)) return null;
  const number = Number(value.trim());
  return Number.isSafeInteger(number) ? number : null;
}

/**
 * A query parameter as Django reads it (`request.GET[name]`): the last of repeated values, so
 * `?limit=1&limit=2` means 2. Null when absent.
 */
export function queryParam(query: URLSearchParams, name: string): string | null {
  return query.getAll(name).at(-1) ?? null;
}

/** limit: a positive integer, else the default; offset: a non-negative integer, else 0. */
export function readPage(query: URLSearchParams): Page {
  const limit = readInteger(queryParam(query, 'limit'));
  const offset = readInteger(queryParam(query, 'offset'));
  return {
    limit: limit === null || limit <= 0 ? DEFAULT_LIMIT : limit,
    offset: offset === null || offset < 0 ? 0 : offset,
  };
}

/** `url` with `changes` applied (null removes a parameter), its query sorted by name. */
function withQuery(url: URL, changes: Readonly<Record<string, string | null>>): string {
  const params = new URLSearchParams(url.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) params.delete(name);
    else params.set(name, value);
  }
  params.sort();
  const next = new URL(url.href);
  next.search = params.toString();
  return next.href;
}

/** The absolute links of the pages before and after this one, or null at either end. */
export function pageLinks(url: URL, count: number, page: Page): { next: string | null; previous: string | null } {
  const { limit, offset } = page;
  const next = offset + limit >= count ? null : withQuery(url, { limit: String(limit), offset: String(offset + limit) });
  let previous: string | null = null;
  if (offset > 0) previous = withQuery(url, { limit: String(limit), offset: offset - limit <= 0 ? null : String(offset - limit) });
  return { next, previous };
}

/**
 * The path and query of a request target. HTTP/1.1 servers must accept the absolute form
 * (`GET http://host/api/… HTTP/1.1`, as proxies send it); only its path and query are used.
 * Anything else that is not a path (`*`, authority form) routes nowhere.
 */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  if (/^https?:\/\//i.test(target) && URL.canParse(target)) {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  }
  return '/';
}

/**
 * The URLs of a request: `route`, parsed from the request target alone (an absolute-form or
 * `//host` target cannot change the host), and `public`, where the links point: under
 * `siteUrl` when configured (behind a proxy, with its path prefix; given without a trailing
 * slash), else the Host header over http. A Host header that is not a plain host[:port] falls
 * back to localhost.
 */
export function requestUrls(target: string, host: string | undefined, siteUrl: string | undefined): { route: URL; public: URL } {
  const route = new URL(`http://localhost${originForm(target)}`);
  const plainHost = host !== undefined && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? host : 'localhost';
  const base = siteUrl ?? `http://${plainHost}`;
  return { route, public: new URL(`${base}${route.pathname}${route.search}`) };
}
