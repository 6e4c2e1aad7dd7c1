import { der, parseDer } from '../asn1';
import { sm3 } from '../crypto/sm3';
import { PROTECTED, T, signedFixture, world } from './__tests__/fixtures';
import { expectCode } from './__tests__/expect-code';
import type { ExtData } from './model';
import { SealOid } from './oids';
import { encodeExtensionDatas } from './ext-data';
import { decodeSesSignature } from './signature-decode';
import { encodeSesSignature, encodeTbsSign } from './signature-encode';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const EXTS: ExtData[] = [{ extnID: '1.2.156.99.1', critical: false, extnValue: new Uint8Array([1, 2]) }];

async function parts() {
  const { seal, signature } = await signedFixture();
  return { seal, signature, w: world() };
}

function buildSignature(seal: Uint8Array, tbsExtra: Uint8Array[] = [], sigExtra: Uint8Array[] = []) {
  const tbs = der.seq(der.int(4), seal, der.generalizedTime(T.signing), der.bitString(sm3(PROTECTED)), der.ia5('p'), ...tbsExtra);
  return der.seq(
    tbs,
    der.octets(world().holder.cert),
    der.oid(SealOid.SM2_WITH_SM3),
    der.bitString(new Uint8Array(70).fill(1)),
    ...sigExtra,
  );
}

describe('SES_Signature V4 codec', () => {
  it('decode(encode(x)) equals x and encode(decode(bytes)) equals bytes', async () => {
    const { seal, signature } = await parts();
    const decoded = decodeSesSignature(signature);
    expect(decoded.version).toBe(4);
    expect(decoded.tbsVersion).toBe(4);
    expect(decoded.timeInfo).toEqual(T.signing);
    expect(decoded.dataHash).toEqual(sm3(PROTECTED));
    expect(decoded.propertyInfo).toBe('0 1000 2000 500');
    expect(hex(decoded.seal.raw)).toBe(hex(seal));
    const tbs = encodeTbsSign({
      version: 4,
      eseal: decoded.seal.raw,
      timeInfo: decoded.timeInfo,
      dataHash: decoded.dataHash,
      propertyInfo: decoded.propertyInfo,
    });
    expect(hex(tbs)).toBe(hex(decoded.signedBytes));
    expect(hex(encodeSesSignature({ ...decoded, tbsSign: decoded.signedBytes }))).toBe(hex(signature));
  });

  it('round-trips extDatas ([0] EXPLICIT) and the time-stamp ([0] EXPLICIT BIT STRING)', async () => {
    const { seal } = await parts();
    const tbsSign = encodeTbsSign({
      version: 4,
      eseal: seal,
      timeInfo: T.signing,
      dataHash: sm3(PROTECTED),
      propertyInfo: 'x',
      extDatas: EXTS,
    });
    const bytes = encodeSesSignature({
      tbsSign,
      signerCert: new Uint8Array([1]),
      signatureAlgorithm: SealOid.SM2_WITH_SM3,
      signatureValue: new Uint8Array([2]),
      timeStamp: new Uint8Array([3, 4]),
    });
    const root = parseDer(bytes);
    expect(root.children[4].tag).toBe(0xa0);
    expect(root.children[0].children[5].tag).toBe(0xa0);
    const decoded = decodeSesSignature(bytes);
    expect(decoded.extDatas).toEqual(EXTS);
    expect(decoded.timeStamp).toEqual(new Uint8Array([3, 4]));
    expect(hex(encodeSesSignature({ ...decoded, tbsSign: decoded.signedBytes }))).toBe(hex(bytes));
  });

  describe('uncertain tagging is read in every form', () => {
    const list = encodeExtensionDatas(EXTS);
    const listImplicit = der.implicit(0, list);
    const tokenBits = der.bitString(new Uint8Array([7, 7]));
    it.each([
      ['[0] EXPLICIT', der.explicit(0, list)],
      ['[0] IMPLICIT', listImplicit],
      ['untagged', list],
    ])('TBS_Sign.extDatas %s', async (_name, field) => {
      const { seal } = await parts();
      expect(decodeSesSignature(buildSignature(seal, [field])).extDatas).toEqual(EXTS);
    });
    it('TBS_Sign.extDatas [0] IMPLICIT with two items and empty [0] EXPLICIT list', async () => {
      const { seal } = await parts();
      const two = [...EXTS, { extnID: '1.2.3', critical: true, extnValue: new Uint8Array([9]) }];
      expect(decodeSesSignature(buildSignature(seal, [der.implicit(0, encodeExtensionDatas(two))])).extDatas).toEqual(two);
      expect(decodeSesSignature(buildSignature(seal, [der.explicit(0, der.seq())])).extDatas).toEqual([]);
    });
    it.each([
      ['[0] EXPLICIT', der.explicit(0, tokenBits)],
      ['[0] IMPLICIT', der.implicit(0, tokenBits)],
      ['untagged', tokenBits],
    ])('SES_Signature.timeStamp %s', async (_name, field) => {
      const { seal } = await parts();
      expect(decodeSesSignature(buildSignature(seal, [], [field])).timeStamp).toEqual(new Uint8Array([7, 7]));
    });
    it('refuses other tags in those positions', async () => {
      const { seal } = await parts();
      expectCode(() => decodeSesSignature(buildSignature(seal, [], [der.explicit(1, tokenBits)])), 'SEAL_FORMAT_INVALID');
      expectCode(() => decodeSesSignature(buildSignature(seal, [der.octets(new Uint8Array([1]))])), 'SEAL_FORMAT_INVALID');
      expectCode(
        () => decodeSesSignature(buildSignature(seal, [], [der.explicit(0, der.octets(new Uint8Array([1])))])),
        'SEAL_FORMAT_INVALID',
      );
    });
  });

  describe('strictness', () => {
    it('refuses UTCTime timeInfo in V4', async () => {
      const { seal } = await parts();
      const tbs = der.seq(der.int(4), seal, der.utcTime(T.signing), der.bitString(sm3(PROTECTED)), der.ia5('p'));
      const bytes = der.seq(tbs, der.octets(new Uint8Array([1])), der.oid(SealOid.SM2_WITH_SM3), der.bitString(new Uint8Array([1])));
      expectCode(() => decodeSesSignature(bytes), 'BAD_ASN1');
    });
    it('refuses a TBS_Sign with missing fields and a three-element SES_Signature', async () => {
      const { seal } = await parts();
      const tbs = der.seq(der.int(4), seal, der.generalizedTime(T.signing), der.bitString(sm3(PROTECTED)));
      expectCode(
        () => decodeSesSignature(der.seq(tbs, der.octets(new Uint8Array([1])), der.oid('1.2.3'), der.bitString(new Uint8Array([1])))),
        'SEAL_FORMAT_INVALID',
      );
      expectCode(() => decodeSesSignature(der.seq(tbs, der.octets(new Uint8Array([1])), der.oid('1.2.3'))), 'SEAL_FORMAT_INVALID');
    });
  });
});
