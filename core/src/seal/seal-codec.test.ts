import { der, parseDer } from '../asn1';
import { sm3 } from '../crypto/sm3';
import { PICTURE, T, world } from './__tests__/fixtures';
import { encodeExtData } from './ext-data';
import { makeSeal } from './make-seal';
import type { SealInfo } from './model';
import { SealOid } from './oids';
import { decodeSeal } from './seal-decode';
import { encodeSeal } from './seal-encode';
import { encodeSealInfo } from './seal-info-encode';
import { sealInput } from './__tests__/fixtures';
import { expectCode } from './__tests__/expect-code';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function sampleInfo(overrides: Partial<SealInfo> = {}): SealInfo {
  return {
    header: { id: 'ES', version: 4, vid: 'vendor-1' },
    esID: '12010000000001',
    property: {
      type: 2,
      name: '法定代表人章',
      certList: { kind: 'certs', certs: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]), new Uint8Array([9, 9])] },
      createDate: T.sealCreate,
      validStart: T.sealStart,
      validEnd: T.sealEnd,
    },
    picture: PICTURE,
    ...overrides,
  };
}

function sealBytes(info: SealInfo): Uint8Array {
  return encodeSeal({
    sealInfo: info,
    makerCert: new Uint8Array([1, 2, 3]),
    signatureAlgorithm: SealOid.SM2_WITH_SM3,
    signatureValue: new Uint8Array(70).fill(7),
  });
}

describe('SESeal V4 codec', () => {
  it('decode(encode(x)) equals x, for cert lists and digest lists, with and without extDatas', () => {
    const variants: SealInfo[] = [
      sampleInfo(),
      sampleInfo({
        extDatas: [
          { extnID: '1.2.156.1.2.3', critical: false, extnValue: new Uint8Array([1]) },
          { extnID: '1.2.3.4', critical: true, extnValue: new Uint8Array(0) },
        ],
      }),
      sampleInfo({
        property: {
          ...sampleInfo().property,
          certList: { kind: 'digests', digests: [{ algorithm: 'SM3', value: sm3(new Uint8Array([1])) }] },
        },
      }),
    ];
    for (const info of variants) {
      const decoded = decodeSeal(sealBytes(info));
      expect(decoded.version).toBe(4);
      expect(decoded.sealInfo).toEqual(info);
      expect(decoded.makerCert).toEqual(new Uint8Array([1, 2, 3]));
      expect(decoded.signatureAlgorithm).toBe(SealOid.SM2_WITH_SM3);
      expect(decoded.timeStamp).toBeUndefined();
    }
  });

  it('encode(decode(bytes)) is byte-identical and signedBytes is exactly the DER SealInfo', async () => {
    const bytes = await makeSeal(sealInput(world(), { extDatas: [{ extnID: '1.2.3', critical: false, extnValue: new Uint8Array([5]) }] }));
    const decoded = decodeSeal(bytes);
    expect(hex(encodeSeal(decoded))).toBe(hex(bytes));
    expect(hex(decoded.signedBytes)).toBe(hex(parseDer(bytes).children[0].raw));
    expect(hex(encodeSealInfo(decoded.sealInfo))).toBe(hex(decoded.signedBytes));
  });

  it('writes certListType 1 for certs and 2 for digests, and GeneralizedTime dates', () => {
    const property = parseDer(encodeSealInfo(sampleInfo())).children[2];
    expect(hex(property.children[2].raw)).toBe('020101');
    expect(property.children.slice(4).map((n) => n.tag)).toEqual([0x18, 0x18, 0x18]);
    const digests = sampleInfo({
      property: { ...sampleInfo().property, certList: { kind: 'digests', digests: [{ algorithm: 'SM3', value: new Uint8Array(32) }] } },
    });
    expect(hex(parseDer(encodeSealInfo(digests)).children[2].children[2].raw)).toBe('020102');
  });

  it('always writes ExtData.critical, even FALSE, and reads the two-element form as critical FALSE', () => {
    const encoded = encodeExtData({ extnID: '1.2.3', critical: false, extnValue: new Uint8Array([0xaa]) });
    expect(hex(encoded)).toBe('300a' + '06022a03' + '010100' + '0401aa');
    const twoElement = der.seq(der.oid('1.2.3'), der.octets(new Uint8Array([0xaa])));
    const info = sampleInfo();
    const bytes = der.seq(...parseDer(encodeSealInfo(info)).children.map((c) => c.raw), der.seq(twoElement));
    const seal = der.seq(bytes, der.octets(new Uint8Array([1])), der.oid(SealOid.SM2_WITH_SM3), der.bitString(new Uint8Array([1])));
    expect(decodeSeal(seal).sealInfo.extDatas).toEqual([{ extnID: '1.2.3', critical: false, extnValue: new Uint8Array([0xaa]) }]);
  });

  describe('strictness', () => {
    const rebuildProperty = (mutate: (children: Uint8Array[]) => Uint8Array[]) => {
      const info = parseDer(encodeSealInfo(sampleInfo()));
      const prop = info.children[2].children.map((c) => c.raw);
      const sealInfo = der.seq(info.children[0].raw, info.children[1].raw, der.seq(...mutate(prop)), info.children[3].raw);
      return der.seq(sealInfo, der.octets(new Uint8Array([1])), der.oid(SealOid.SM2_WITH_SM3), der.bitString(new Uint8Array([1])));
    };

    it('refuses UTCTime dates in a V4 seal', () => {
      expectCode(() => decodeSeal(rebuildProperty((p) => [...p.slice(0, 4), der.utcTime(T.sealCreate), ...p.slice(5)])), 'BAD_ASN1');
    });

    it('refuses an unknown certListType', () => {
      expectCode(() => decodeSeal(rebuildProperty((p) => [p[0], p[1], der.int(3), ...p.slice(3)])), 'SEAL_FORMAT_INVALID');
    });

    it('refuses a digest list announced as certListType 1', () => {
      const digestList = der.seq(der.seq(der.printable('SM3'), der.octets(new Uint8Array(32))));
      expectCode(() => decodeSeal(rebuildProperty((p) => [p[0], p[1], p[2], digestList, ...p.slice(4)])), 'BAD_ASN1');
    });

    it('refuses a property with a missing field', () => {
      expectCode(() => decodeSeal(rebuildProperty((p) => p.slice(0, 6))), 'SEAL_FORMAT_INVALID');
    });

    it('refuses non-minimal lengths and trailing bytes', () => {
      const good = sealBytes(sampleInfo());
      expectCode(() => decodeSeal(new Uint8Array([...good, 0])), 'BAD_ASN1');
      const nonMinimal = new Uint8Array([0x30, 0x81, 0x03, 0x02, 0x01, 0x01]);
      expectCode(() => decodeSeal(nonMinimal), 'BAD_ASN1');
    });

    it('refuses header versions other than 4 and 5 in a four-element SESeal', () => {
      const bytes = sealBytes(sampleInfo({ header: { id: 'ES', version: 3, vid: 'x' } }));
      expectCode(() => decodeSeal(bytes), 'UNSUPPORTED_VERSION');
    });

    it('refuses a fifth element when the header says version 4', () => {
      const info = sampleInfo();
      const parts = parseDer(sealBytes(info)).children.map((c) => c.raw);
      expectCode(() => decodeSeal(der.seq(...parts, der.explicit(0, der.bitString(new Uint8Array([1]))))), 'SEAL_FORMAT_INVALID');
    });

    it('refuses SESeal with three elements', () => {
      const parts = parseDer(sealBytes(sampleInfo())).children.map((c) => c.raw);
      expectCode(() => decodeSeal(der.seq(...parts.slice(0, 3))), 'SEAL_FORMAT_INVALID');
    });
  });
});

describe('decoder entry points', () => {
  it('refuse non-bytes with VALIDATION_FAILED instead of crashing', () => {
    expectCode(() => decodeSeal('MIIB' as unknown as Uint8Array), 'VALIDATION_FAILED');
    expectCode(() => decodeSeal(undefined as unknown as Uint8Array), 'VALIDATION_FAILED');
  });

  it('refuse empty input with BAD_ASN1', () => {
    expectCode(() => decodeSeal(new Uint8Array(0)), 'BAD_ASN1');
  });
});
