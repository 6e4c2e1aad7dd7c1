import { isIPv4, isIPv6 } from 'node:net';

/**
 * The 16 bytes of an IPv6 address in any spelling (compressed, leading zeros, upper case, a trailing
 * dotted IPv4 part), or undefined when it is not one. Address checks compare bytes, never strings.
 */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  if (!isIPv6(address) || address.includes('%')) return undefined;
  let text = address;
  const groups: number[] = [];
  const tailV4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let v4: number[] = [];
  if (tailV4) {
    if (!isIPv4(tailV4[2]!)) return undefined;
    v4 = tailV4[2]!.split('.').map(Number);
    text = tailV4[1]!.endsWith('::') ? tailV4[1]! : tailV4[1]!.slice(0, -1);
  }
  const wanted = 8 - v4.length / 2;
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const front = parse(head);
  const back = tail === undefined ? [] : parse(tail);
  const zeros = tail === undefined ? 0 : wanted - front.length - back.length;
  groups.push(...front, ...new Array<number>(zeros).fill(0), ...back);
  if (groups.length !== wanted || groups.some((g) => !(g >= 0 && g <= 0xffff))) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[2 * i] = group >> 8;
    bytes[2 * i + 1] = group & 0xff;
  });
  bytes.set(v4, 2 * wanted);
  return bytes;
}
