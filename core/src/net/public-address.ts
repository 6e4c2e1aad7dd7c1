import { BlockList, isIP } from 'node:net';
import { ipv6Bytes } from './ipv6-bytes';

/**
 * Addresses a request from this service must never reach on behalf of a caller-supplied URL
 * (webhooks): loopback, private, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * "this network", benchmarking, documentation, multicast and reserved ranges, and their IPv6
 * counterparts.
 */
const NOT_PUBLIC_V4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NOT_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');

/**
 * IPv6 ranges, judged on the address's 16 bytes (never on its spelling, which has many forms).
 * `embedsV4At`: the range carries an IPv4 address at that byte offset which the packet reaches, so the
 * IPv4 address is judged instead; every other range listed is refused outright.
 */
interface Ipv6Range {
  prefix: readonly number[];
  bits: number;
  embedsV4At?: number;
}
const IPV6_RANGES: readonly Ipv6Range[] = [
  // IPv4-mapped ::ffff:0:0/96 (the socket talks IPv4 to the embedded address).
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff], bits: 96, embedsV4At: 12 },
  // IPv4-compatible ::/96 (deprecated, RFC 4291), with :: and ::1 in it: refused whatever it embeds.
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bits: 96 },
  // IPv4-translated ::ffff:0:0:0/96 (SIIT, RFC 2765).
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0], bits: 96 },
  // NAT64 well-known 64:ff9b::/96 and local-use 64:ff9b:1::/48 (a translator reaches any IPv4 host).
  { prefix: [0, 0x64, 0xff, 0x9b], bits: 32 },
  // Discard-only 100::/64.
  { prefix: [1, 0, 0, 0, 0, 0, 0, 0], bits: 64 },
  // Teredo 2001::/32 (embeds an obfuscated IPv4 client address), benchmarking 2001:2::/48, ORCHID 2001:10::/28 and 2001:20::/28.
  { prefix: [0x20, 0x01, 0, 0], bits: 32 },
  { prefix: [0x20, 0x01, 0, 0x02, 0, 0], bits: 48 },
  { prefix: [0x20, 0x01, 0, 0x10], bits: 28 },
  { prefix: [0x20, 0x01, 0, 0x20], bits: 28 },
  // Documentation 2001:db8::/32 and 3fff::/20.
  { prefix: [0x20, 0x01, 0x0d, 0xb8], bits: 32 },
  { prefix: [0x3f, 0xff], bits: 20 },
  // 6to4 2002::/16: a relay reaches the IPv4 address in bytes 2-5.
  { prefix: [0x20, 0x02], bits: 16, embedsV4At: 2 },
  // SRv6 SIDs 5f00::/16, unique local fc00::/7, site-local fec0::/10 (deprecated), link-local fe80::/10, multicast ff00::/8.
  { prefix: [0x5f, 0x00], bits: 16 },
  { prefix: [0xfc], bits: 7 },
  { prefix: [0xfe, 0xc0], bits: 10 },
  { prefix: [0xfe, 0x80], bits: 10 },
  { prefix: [0xff], bits: 8 },
];

function inRange(bytes: Uint8Array, range: Ipv6Range): boolean {
  for (let bit = 0; bit < range.bits; bit += 8) {
    const take = Math.min(8, range.bits - bit);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[bit / 8]! & mask) !== ((range.prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

function isPublicIpv6(address: string): boolean {
  // A zone (fe80::1%eth0) names a link: never a public target.
  if (address.includes('%')) return false;
  const bytes = ipv6Bytes(address);
  if (!bytes) return false;
  for (const range of IPV6_RANGES) {
    if (!inRange(bytes, range)) continue;
    if (range.embedsV4At === undefined) return false;
    return isPublicIpv4(Array.from(bytes.subarray(range.embedsV4At, range.embedsV4At + 4)).join('.'));
  }
  return true;
}

const isPublicIpv4 = (address: string) => !NOT_PUBLIC_V4.check(address, 'ipv4');

/** True for a literal IP address a caller-supplied URL may reach; false for anything else (names included). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return isPublicIpv4(address);
  if (family === 6) return isPublicIpv6(address);
  return false;
}
