import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is refused by default; `public` ones are allowed. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade NAT'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

/** An IPv4 (4 bytes) or IPv6 (16 bytes) address; undefined when the text is neither. Brackets and zones are dropped. */
export function ipBytes(text: string): Uint8Array | undefined {
  const bare = (text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text).split('%')[0] ?? '';
  if (isIPv4(bare)) return Uint8Array.from(bare.split('.').map(Number));
  if (!isIPv6(bare)) return undefined;
  let s = bare;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = s.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups =
    rest === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    bytes[i * 2] = n >> 8;
    bytes[i * 2 + 1] = n & 0xff;
  });
  return bytes;
}

/** Dotted text of 4 bytes. */
export const ipv4Text = (b: Uint8Array): string => Array.from(b.subarray(0, 4)).join('.');

/** Whether `address` lies in `network`/`prefix` (both of the same family). */
export function inNetwork(address: Uint8Array, network: Uint8Array, prefix: number): boolean {
  if (address.length !== network.length) return false;
  for (let bit = 0; bit < prefix; bit += 8) {
    const take = Math.min(8, prefix - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    const i = bit / 8;
    if (((address[i] ?? 0) & mask) !== ((network[i] ?? 0) & mask)) return false;
  }
  return true;
}

const net = (text: string, prefix: number, cls: AddressClass) => ({
  network: ipBytes(text) as Uint8Array,
  prefix,
  cls,
});

// Most specific first: broadcast sits inside 240/4.
const V4 = [
  net('255.255.255.255', 32, 'broadcast'),
  net('0.0.0.0', 8, 'unspecified'),
  net('10.0.0.0', 8, 'private'),
  net('100.64.0.0', 10, 'carrier-grade NAT'),
  net('127.0.0.0', 8, 'loopback'),
  net('169.254.0.0', 16, 'link-local'),
  net('172.16.0.0', 12, 'private'),
  net('192.0.0.0', 24, 'reserved'),
  net('192.0.2.0', 24, 'reserved'),
  net('192.88.99.0', 24, 'reserved'),
  net('192.168.0.0', 16, 'private'),
  net('198.18.0.0', 15, 'reserved'),
  net('198.51.100.0', 24, 'reserved'),
  net('203.0.113.0', 24, 'reserved'),
  net('224.0.0.0', 4, 'multicast'),
  net('240.0.0.0', 4, 'reserved'),
];

const V6 = [
  net('64:ff9b:1::', 48, 'private'),
  net('2001::', 23, 'reserved'),
  net('2001:db8::', 32, 'reserved'),
  net('3fff::', 20, 'reserved'),
  net('fc00::', 7, 'private'),
  net('fe80::', 10, 'link-local'),
  net('fec0::', 10, 'private'),
  net('ff00::', 8, 'multicast'),
];

const GLOBAL_UNICAST = ipBytes('2000::') as Uint8Array;
const MAPPED = ipBytes('::ffff:0:0') as Uint8Array;
const NAT64 = ipBytes('64:ff9b::') as Uint8Array;
const SIX_TO_FOUR = ipBytes('2002::') as Uint8Array;
const ZERO = new Uint8Array(16);

const classifyV4 = (b: Uint8Array): AddressClass =>
  V4.find((r) => inNetwork(b, r.network, r.prefix))?.cls ?? 'public';

/**
 * The IPv4 address an IPv6 address carries and reaches: IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
 * (::a.b.c.d), NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
 */
export function embeddedIpv4(b: Uint8Array): Uint8Array | undefined {
  if (b.length !== 16) return undefined;
  if (inNetwork(b, MAPPED, 96) || inNetwork(b, NAT64, 96)) return b.slice(12);
  if (inNetwork(b, ZERO, 96) && !inNetwork(b, ZERO, 127)) return b.slice(12);
  if (inNetwork(b, SIX_TO_FOUR, 16)) return b.slice(2, 6);
  return undefined;
}

/** The class of an address: a forbidden IPv4 address stays forbidden inside any IPv6 form that carries it. */
export function classifyAddress(b: Uint8Array): AddressClass {
  if (b.length === 4) return classifyV4(b);
  if (inNetwork(b, ZERO, 128)) return 'unspecified';
  if (inNetwork(b, ZERO, 127)) return 'loopback'; // ::1
  const v4 = embeddedIpv4(b);
  if (v4 !== undefined) return classifyV4(v4);
  const special = V6.find((r) => inNetwork(b, r.network, r.prefix));
  if (special !== undefined) return special.cls;
  return inNetwork(b, GLOBAL_UNICAST, 3) ? 'public' : 'reserved';
}
