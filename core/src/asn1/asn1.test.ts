import { randomBytes } from 'node:crypto';
import { isSealError } from '../errors';
import { der, parseDer, readBoolean, readInteger, readOid, readSequence, readTime, readUtf8, Tag } from './index';

describe('DER round trip', () => {
  test.each([0n, 1n, 127n, 128n, 255n, 256n, -1n, -128n, -129n, 2n ** 255n, -(2n ** 64n)])('INTEGER %s', (v) => {
    expect(readInteger(parseDer(der.int(v)))).toBe(v);
  });

  test('INTEGER encodings are minimal and match OpenSSL-style DER', () => {
    expect(Buffer.from(der.int(128n)).toString('hex')).toBe('02020080');
    expect(Buffer.from(der.int(-129n)).toString('hex')).toBe('0202ff7f');
    expect(Buffer.from(der.int(0n)).toString('hex')).toBe('020100');
  });

  test('OIDs', () => {
    for (const o of ['1.2.156.10197.1.501', '1.2.840.10045.2.1', '2.5.29.15', '2.999.3']) expect(readOid(parseDer(der.oid(o)))).toBe(o);
    expect(Buffer.from(der.oid('1.2.156.10197.1.301')).toString('hex')).toBe('06082a811ccf5501822d');
  });

  test('times', () => {
    const d = new Date(Date.UTC(2026, 10, 23, 8, 9, 10));
    expect(readTime(parseDer(der.generalizedTime(d))).getTime()).toBe(d.getTime());
    expect(readTime(parseDer(der.utcTime(d))).getTime()).toBe(d.getTime());
    expect(readTime(parseDer(der.tlv(Tag.GENERALIZED_TIME, new Uint8Array(Buffer.from('00500101000000Z'))))).getUTCFullYear()).toBe(50);
    expect(() => readTime(parseDer(der.tlv(Tag.GENERALIZED_TIME, new Uint8Array(Buffer.from('20261323000000Z')))))).toThrow(/impossible/);
  });

  test('times at the edges: fractions near a second, month and year end; leap days', () => {
    const gt = (text: string) => readTime(parseDer(der.tlv(Tag.GENERALIZED_TIME, new Uint8Array(Buffer.from(text)))));
    expect(gt('20261231235959.9999Z').toISOString()).toBe('2026-12-31T23:59:59.999Z');
    expect(gt('20260131235959.9996Z').toISOString()).toBe('2026-01-31T23:59:59.999Z');
    expect(gt('20260601083000.5Z').toISOString()).toBe('2026-06-01T08:30:00.500Z');
    expect(gt('20260601083000.05Z').toISOString()).toBe('2026-06-01T08:30:00.050Z');
    expect(gt('20240229120000Z').toISOString()).toBe('2024-02-29T12:00:00.000Z');
    expect(gt('20000229120000Z').toISOString()).toBe('2000-02-29T12:00:00.000Z');
    for (const bad of ['20230229120000Z', '19000229120000Z', '21000229120000Z', '20260431000000Z', '20260601240000Z', '20260601235960Z']) {
      expect(() => gt(bad)).toThrow(/impossible/);
    }
  });

  test('nested structures keep raw bytes for signatures', () => {
    const inner = der.seq(der.utf8('电子印章'), der.bool(true));
    const outer = parseDer(der.seq(der.int(4), inner));
    const [, innerNode] = readSequence(outer);
    expect(Buffer.from(innerNode.raw).equals(Buffer.from(inner))).toBe(true);
    expect(readUtf8(innerNode.children[0])).toBe('电子印章');
    expect(readBoolean(innerNode.children[1])).toBe(true);
  });

  test('the number of elements is bounded: tiny elements must not turn a few MB into gigabytes of nodes', () => {
    const many = (n: number) => der.tlv(Tag.SEQUENCE, new Uint8Array(Buffer.alloc(2 * n, Buffer.from(der.nullValue()))));
    expect(parseDer(many(1000)).children.length).toBe(1000);
    expect(() => parseDer(many(200_000))).toThrow(/too many ASN.1 elements/);
    expect(parseDer(many(200_000), { maxNodes: 200_001 }).children.length).toBe(200_000);
    expect(() => parseDer(many(10), { maxNodes: 10 })).toThrow(expect.objectContaining({ code: 'BAD_ASN1' }));
  });

  test('long lengths', () => {
    const big = der.octets(new Uint8Array(70000));
    expect(parseDer(big).content.length).toBe(70000);
  });
});

describe('strictness', () => {
  const bad: Array<[string, string]> = [
    ['indefinite length', '3080020100 0000'],
    ['non-minimal length', '30810302 0100'],
    ['non-minimal integer', '02020001'],
    ['trailing bytes', '02010100'],
    ['truncated', '3005020101'],
    ['BER boolean', '010101'],
    ['child overruns parent', '300302050001'],
    ['high tag number', '1f2100'],
  ];
  test.each(bad)('%s is refused with BAD_ASN1', (_name, hex) => {
    const bytes = new Uint8Array(Buffer.from(hex.replace(/ /g, ''), 'hex'));
    let error: unknown;
    try {
      const n = parseDer(bytes);
      if (n.tag === Tag.INTEGER) readInteger(n);
      if (n.tag === Tag.BOOLEAN) readBoolean(n);
    } catch (e) {
      error = e;
    }
    expect(isSealError(error) && error.code).toBe('BAD_ASN1');
  });

  test('deep nesting is bounded', () => {
    let node = der.nullValue();
    for (let i = 0; i < 100; i++) node = der.seq(node);
    expect(() => parseDer(node)).toThrow(/too deep/);
  });

  test('random input never throws anything but BAD_ASN1', () => {
    for (let i = 0; i < 2000; i++) {
      const bytes = new Uint8Array(randomBytes(1 + (i % 64)));
      if (i % 3 === 0) bytes[0] = 0x30;
      try {
        parseDer(bytes);
      } catch (e) {
        expect(isSealError(e) && e.code).toBe('BAD_ASN1');
      }
    }
  });
});
