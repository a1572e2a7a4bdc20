// Which IP addresses a webhook must not reach: anything that is not a public unicast address
// (loopback, private, link-local, carrier-grade NAT, unique local, multicast, reserved, the
// unspecified address, and IPv4 addresses written inside IPv6). PostHog's webhook delivery
// refuses the same ranges (its check keeps only addresses whose range is "unicast"), so that an
// API key holder cannot make the server post to its own network or a cloud metadata endpoint.
import { isIP } from 'node:net';

/** [first address as a number, prefix length] of each IPv4 range refused. */
const ipv4Ranges: ReadonlyArray<readonly [string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function ipv4Number(address: string): number {
  return address.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

const ipv4Table = ipv4Ranges.map(([first, prefix, kind]) => ({ start: ipv4Number(first), size: 2 ** (32 - prefix), kind }));

function classifyIpv4(address: string): string | null {
  const value = ipv4Number(address);
  for (const range of ipv4Table) if (value >= range.start && value < range.start + range.size) return range.kind;
  return null;
}

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 part is converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted !== null) {
    const value = ipv4Number(dotted[1] as string);
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((group) => Number.parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  return [...front, ...Array<number>(8 - front.length - back.length).fill(0), ...back];
}

function classifyIpv6(address: string): string | null {
  const groups = ipv6Groups(address);
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  if (groups.every((group) => group === 0)) return 'unspecified';
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  // ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), 64:ff9b::a.b.c.d (NAT64): named after the
  // IPv4 address inside when it is internal, and refused anyway (PostHog's ranges are not unicast).
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0)) return classifyIpv4(embeddedV4) ?? 'IPv4 inside IPv6';
  if (g0 === 0x64 && g1 === 0xff9b) return classifyIpv4(embeddedV4) ?? 'NAT64';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique local';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if (g0 === 0x2001 && g1 === 0x0db8) return 'reserved';
  // 2002::/16 (6to4) carries an IPv4 address in its next 32 bits.
  if (g0 === 0x2002) return classifyIpv4(`${g1 >> 8}.${g1 & 0xff}.${g2 >> 8}.${g2 & 0xff}`);
  return null;
}

/**
 * The kind of non-public address `address` is (`loopback`, `private`, `link-local`, …), or null
 * for a public unicast address. `address` must be an IP address (net.isIP).
 */
export function classifyAddress(address: string): string | null {
  const family = isIP(address.split('%')[0] ?? '');
  if (family === 4) return classifyIpv4(address);
  if (family === 6) return classifyIpv6(address);
  return 'not an IP address';
}

/** A URL hostname without the brackets of an IPv6 literal. */
export function bareHostname(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Names that resolve to the machine itself whatever DNS says (RFC 6761). */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
