import { der, parseDer } from '../asn1';
import { sm2Sign } from '../crypto/sm2';
import { sm3 } from '../crypto/sm3';
import { PROTECTED, T, sealInput, world } from './__tests__/fixtures';
import { expectCode } from './__tests__/expect-code';
import { LocalSm2Signer } from '../crypto/signer';
import { failures } from './__tests__/report-helpers';
import { buildTimeStampToken } from './__tests__/timestamp-token-builder';
import { buildV1Seal, buildV1Signature } from './__tests__/v1-builder';
import { buildSealInfo } from './make-seal';
import { makeSesSignature } from './make-signature';
import { SealOid } from './oids';
import { decodeSeal } from './seal-decode';
import { assembleSeal } from './seal-encode';
import { encodeSealInfo } from './seal-info-encode';
import { decodeSesSignature } from './signature-decode';
import { formatV1TimeText, parseV1TimeText } from './v1-time-info';
import { verifySeal, verifySesSignature } from './verify';

describe('GM/T 0031-2014 (V1)', () => {
  it('decodes a hand-built V1 seal into the neutral model', () => {
    const w = world();
    const seal = decodeSeal(buildV1Seal({ maker: w.maker, certs: [w.holder.cert] }));
    expect(seal.version).toBe(1);
    expect(seal.sealInfo.header).toEqual({ id: 'ES', version: 1, vid: 'v1-vendor' });
    expect(seal.sealInfo.property.certList).toEqual({ kind: 'certs', certs: [w.holder.cert] });
    expect(seal.sealInfo.property.validEnd).toEqual(T.sealEnd);
    expect(seal.makerCert).toEqual(w.maker.cert);
    // The maker signed SEQUENCE { SealInfo, cert, alg }, not SealInfo alone.
    const c = parseDer(seal.raw).children;
    expect(Buffer.from(seal.signedBytes)).toEqual(Buffer.from(der.seq(c[0].raw, c[1].children[0].raw, c[1].children[1].raw)));
  });

  it('verifies a V1 seal and a V1 signature with every check', async () => {
    const w = world();
    const seal = buildV1Seal({ maker: w.maker, certs: [w.holder.cert] });
    expect((await verifySeal(seal, { at: T.signing, trust: w.trust })).valid).toBe(true);
    const signature = buildV1Signature({ seal, signer: w.holder });
    const decoded = decodeSesSignature(signature);
    expect(decoded.version).toBe(1);
    expect(decoded.timeInfo).toEqual(T.signing);
    expect(decoded.propertyInfo).toBe('Doc_0/Signs/Sign_0/Signature.xml');
    const report = await verifySesSignature(signature, { protectedBytes: PROTECTED, trust: w.trust });
    expect(failures(report)).toEqual([]);
    expect(report.checks.filter((c) => c.status === 'pass')).toHaveLength(9);
  });

  it('V1 negative checks: maker signature over SealInfo alone is refused, cert not in seal, hash as OCTET STRING accepted', async () => {
    const w = world();
    const good = buildV1Seal({ maker: w.maker, certs: [w.holder.cert] });
    const c = parseDer(good).children;
    // A maker that signed only SealInfo (the V4 rule) does not verify under the V1 rule.
    const wrongRule = der.seq(c[0].raw, der.seq(c[1].children[0].raw, c[1].children[1].raw, der.bitString(sm2Sign(w.maker.key, c[0].raw))));
    expect(failures(await verifySeal(wrongRule, { at: T.signing, trust: w.trust }))).toEqual([
      'seal.maker-signature:SEAL_MAKER_SIGNATURE_INVALID',
    ]);

    const stranger = buildV1Signature({ seal: good, signer: w.stranger });
    expect(failures(await verifySesSignature(stranger, { protectedBytes: PROTECTED, trust: w.trust }))).toEqual([
      'signature.cert-in-seal:CERT_NOT_IN_SEAL',
    ]);

    const octets = buildV1Signature({ seal: good, signer: w.holder, dataHashAsOctets: true });
    expect((await verifySesSignature(octets, { protectedBytes: PROTECTED, trust: w.trust })).valid).toBe(true);
  });

  it('V1 is strict where the 2014 text is clear: UTCTime dates, six property fields, a readable time text', () => {
    const w = world();
    const v4Info = encodeSealInfo(buildSealInfo(sealInput(w)));
    // A V4 SealInfo (GeneralizedTime, certListType) in a two-element SESeal is not V1.
    const mixed = der.seq(v4Info, der.seq(der.octets(w.maker.cert), der.oid(SealOid.SM2_WITH_SM3), der.bitString(new Uint8Array([1]))));
    expectCode(() => decodeSeal(mixed), 'SEAL_FORMAT_INVALID');
    const seal = buildV1Seal({ maker: w.maker, certs: [w.holder.cert] });
    expectCode(() => decodeSesSignature(buildV1Signature({ seal, signer: w.holder, timeText: 'yesterday' })), 'SEAL_FORMAT_INVALID');
  });

  it('reads V1 time texts: ofdrw local form (UTC+8) and Z forms; rejects impossible dates', () => {
    expect(parseV1TimeText('2026-06-01 16:30:00')).toEqual(T.signing);
    expect(formatV1TimeText(T.signing)).toBe('2026-06-01 16:30:00');
    expect(parseV1TimeText('20260601083000Z')).toEqual(T.signing);
    expect(parseV1TimeText('260601083000Z')).toEqual(T.signing);
    expect(parseV1TimeText('2026-02-30 10:00:00')).toBeNull();
    expect(parseV1TimeText('2026-06-01 24:00:00')).toBeNull();
    expect(parseV1TimeText('')).toBeNull();
  });

  it('refuses a V1 seal inside a V4 signature and a V4 seal inside a V1 signature', async () => {
    const w = world();
    const v1Seal = buildV1Seal({ maker: w.maker, certs: [w.holder.cert] });
    const tbs = der.seq(der.int(4), v1Seal, der.generalizedTime(T.signing), der.bitString(sm3(PROTECTED)), der.ia5('p'));
    expectCode(
      () => decodeSesSignature(der.seq(tbs, der.octets(w.holder.cert), der.oid(SealOid.SM2_WITH_SM3), der.bitString(new Uint8Array([1])))),
      'SEAL_FORMAT_INVALID',
    );
    const v4Seal = assembleSeal(encodeSealInfo(buildSealInfo(sealInput(w))), {
      makerCert: w.maker.cert,
      signatureAlgorithm: SealOid.SM2_WITH_SM3,
      signatureValue: new Uint8Array([1]),
    });
    expectCode(() => decodeSesSignature(buildV1Signature({ seal: v4Seal, signer: w.holder })), 'SEAL_FORMAT_INVALID');
  });
});

describe('GM/T 0031-2025 (V5) is tolerated', () => {
  async function v5Seal(withToken: boolean) {
    const w = world();
    const info = buildSealInfo(sealInput(w));
    const infoDer = encodeSealInfo({ ...info, header: { ...info.header, version: 5 } });
    const signatureValue = sm2Sign(w.maker.key, infoDer);
    const base = assembleSeal(infoDer, { makerCert: w.maker.cert, signatureAlgorithm: SealOid.SM2_WITH_SM3, signatureValue });
    if (!withToken) return { w, seal: base, signatureValue };
    const token = buildTimeStampToken(signatureValue, T.sealCreate);
    const parts = parseDer(base).children.map((c) => c.raw);
    return { w, seal: der.seq(...parts, der.explicit(0, der.bitString(token))), signatureValue };
  }

  it('decodes a five-element SESeal with its time-stamp and checks the stamp is over the maker signature', async () => {
    const { w, seal } = await v5Seal(true);
    const decoded = decodeSeal(seal);
    expect(decoded.version).toBe(5);
    expect(decoded.timeStamp).toBeDefined();
    const report = await verifySeal(seal, { at: T.signing, trust: w.trust });
    expect(report.valid).toBe(true);
    expect(report.checks.map((c) => c.id)).toContain('seal.maker-timestamp');
  });

  it('a V5 maker time-stamp over something else fails TIMESTAMP_IMPRINT_MISMATCH', async () => {
    const { w, seal } = await v5Seal(false);
    const parts = parseDer(seal).children.map((c) => c.raw);
    const wrong = der.seq(...parts, der.explicit(0, der.bitString(buildTimeStampToken(new Uint8Array([1]), T.sealCreate))));
    expect(failures(await verifySeal(wrong, { at: T.signing, trust: w.trust }))).toEqual([
      'seal.maker-timestamp:TIMESTAMP_IMPRINT_MISMATCH',
    ]);
  });

  it('signs with a V5 seal (TBS_Sign.version 5) and verifies it', async () => {
    const { w, seal } = await v5Seal(true);
    const signature = await makeSesSignature({
      eseal: seal,
      timeInfo: T.signing,
      dataHash: sm3(PROTECTED),
      propertyInfo: 'p',
      signerCert: w.holder.cert,
      signer: new LocalSm2Signer(w.holder.key),
    });
    const decoded = decodeSesSignature(signature);
    expect(decoded.version).toBe(5);
    expect(decoded.tbsVersion).toBe(5);
    expect((await verifySesSignature(signature, { protectedBytes: PROTECTED, trust: w.trust })).valid).toBe(true);
  });
});

describe('V1 interop tolerance', () => {
  it('reads GeneralizedTime property dates in a V1 seal (deployed producers wrote them; ofdrw reads them) but refuses other types', () => {
    const w = world();
    const good = parseDer(buildV1Seal({ maker: w.maker, certs: [w.holder.cert] }));
    const info = good.children[0];
    const prop = info.children[2].children.map((c) => c.raw);
    const withDates = (dates: Uint8Array[]) =>
      der.seq(
        der.seq(info.children[0].raw, info.children[1].raw, der.seq(...prop.slice(0, 3), ...dates), info.children[3].raw),
        good.children[1].raw,
      );
    const generalized = decodeSeal(
      withDates([der.generalizedTime(T.sealCreate), der.generalizedTime(T.sealStart), der.generalizedTime(T.sealEnd)]),
    );
    expect(generalized.sealInfo.property.validEnd).toEqual(T.sealEnd);
    expectCode(() => decodeSeal(withDates([der.ia5('20260110'), prop[4], prop[5]])), 'BAD_ASN1');
  });
});
