import { der, parseDer } from '../../asn1';
import { sm2Sign } from '../../crypto/sm2';
import { Sm2PrivateKey } from '../../crypto/sm2-keys';
import { T, sealInput, world } from '../__tests__/fixtures';
import { LocalSm2Signer } from '../../crypto/signer';
import { failures, statusOf } from '../__tests__/report-helpers';
import { makeSeal } from '../make-seal';
import { decodeSeal } from '../seal-decode';
import { assembleSeal } from '../seal-encode';
import { encodeSealInfo } from '../seal-info-encode';
import { buildSealInfo } from '../make-seal';
import { verifySeal } from './verify-seal';

const AT = T.signing;

describe('verifySeal', () => {
  it('passes a well-made seal with every check listed in order', async () => {
    const w = world();
    const report = await verifySeal(await makeSeal(sealInput(w)), { at: AT, trust: w.trust });
    expect(report.valid).toBe(true);
    expect(report.checks.map((c) => `${c.id}:${c.status}`)).toEqual([
      'seal.format:pass',
      'seal.maker-signature:pass',
      'seal.maker-certificate:pass',
      'seal.validity:pass',
    ]);
    expect(report.esID).toBe('12010000000001');
    expect(report.version).toBe(4);
  });

  it('accepts an already decoded seal', async () => {
    const w = world();
    const report = await verifySeal(decodeSeal(await makeSeal(sealInput(w))), { at: AT, trust: w.trust });
    expect(report.valid).toBe(true);
  });

  it('detects a tampered eSealInfo (one character of esID changed)', async () => {
    const w = world();
    const bytes = await makeSeal(sealInput(w));
    const at = Buffer.from(bytes).indexOf(Buffer.from('12010000000001'));
    const tampered = new Uint8Array(bytes);
    tampered[at + 13] = 0x32; // '1' -> '2'
    const report = await verifySeal(tampered, { at: AT, trust: w.trust });
    expect(failures(report)).toEqual(['seal.maker-signature:SEAL_MAKER_SIGNATURE_INVALID']);
    expect(report.esID).toBe('12010000000002');
  });

  it('detects a maker signature made with a key other than the maker certificate', async () => {
    const w = world();
    // makeSeal refuses this; a forger assembles the seal by hand.
    const infoDer = encodeSealInfo(buildSealInfo(sealInput(w)));
    const bytes = assembleSeal(infoDer, {
      makerCert: w.maker.cert,
      signatureAlgorithm: '1.2.156.10197.1.501',
      signatureValue: sm2Sign(w.holder.key, infoDer),
    });
    const report = await verifySeal(bytes, { at: AT, trust: w.trust });
    expect(failures(report)).toEqual(['seal.maker-signature:SEAL_MAKER_SIGNATURE_INVALID']);
  });

  it('judges the seal validity window at the given time', async () => {
    const w = world();
    const bytes = await makeSeal(sealInput(w));
    for (const at of [new Date(T.sealStart.getTime() - 1000), new Date(T.sealEnd.getTime() + 1000)]) {
      const report = await verifySeal(bytes, { at, trust: w.trust });
      expect(failures(report)).toEqual(['seal.validity:SEAL_OUT_OF_VALIDITY']);
    }
    expect((await verifySeal(bytes, { at: T.sealEnd, trust: w.trust })).valid).toBe(true);
  });

  it('reports the maker certificate: expired, revoked, foreign CA, unreadable', async () => {
    const w = world();
    const expiredMaker = w.issue('Old Maker', 0x4004n, T.certStart, new Date('2026-03-01T00:00:00Z'));
    const expired = await makeSeal(sealInput(w, { makerCert: expiredMaker.cert, makerSigner: new LocalSm2Signer(expiredMaker.key) }));
    expect(failures(await verifySeal(expired, { at: AT, trust: w.trust }))).toEqual(['seal.maker-certificate:CERT_EXPIRED']);

    const seal = await makeSeal(sealInput(w));
    const revokedBefore = w.trustWith({ revoked: new Map([['1001', new Date('2026-05-01T00:00:00Z')]]) });
    expect(failures(await verifySeal(seal, { at: AT, trust: revokedBefore }))).toEqual(['seal.maker-certificate:CERT_REVOKED']);
    const revokedAfter = w.trustWith({ revoked: new Map([['1001', new Date('2026-07-01T00:00:00Z')]]) });
    const later = await verifySeal(seal, { at: AT, trust: revokedAfter });
    expect(later.valid).toBe(true);
    expect(statusOf(later, 'seal.maker-certificate').message).toMatch(/revoked later/);

    const otherCa = w.trustWith({ caKey: Sm2PrivateKey.generate().publicKey });
    expect(failures(await verifySeal(seal, { at: AT, trust: otherCa }))).toEqual(['seal.maker-certificate:CERT_CHAIN_INVALID']);

    const garbageInfo = encodeSealInfo(buildSealInfo(sealInput(w)));
    const garbageCert = assembleSeal(garbageInfo, {
      makerCert: new Uint8Array([0x30, 0x00]),
      signatureAlgorithm: '1.2.156.10197.1.501',
      signatureValue: sm2Sign(w.maker.key, garbageInfo),
    });
    const report = await verifySeal(garbageCert, { at: AT, trust: w.trust });
    expect(failures(report)).toEqual(['seal.maker-certificate:CERT_INVALID']);
    expect(statusOf(report, 'seal.maker-signature').status).toBe('skipped');
  });

  it('reports format problems the decoder lets through: header id, header/structure version, algorithm', async () => {
    const w = world();
    const info = buildSealInfo(sealInput(w));
    const sign = (infoDer: Uint8Array, alg = '1.2.156.10197.1.501') =>
      assembleSeal(infoDer, { makerCert: w.maker.cert, signatureAlgorithm: alg, signatureValue: sm2Sign(w.maker.key, infoDer) });

    const badId = await verifySeal(sign(encodeSealInfo({ ...info, header: { ...info.header, id: 'XX' } })), { at: AT, trust: w.trust });
    expect(failures(badId)).toEqual(['seal.format:SEAL_FORMAT_INVALID']);

    const badAlg = await verifySeal(sign(encodeSealInfo(info), '1.2.840.10045.4.3.2'), { at: AT, trust: w.trust });
    expect(failures(badAlg)).toEqual(['seal.format:SEAL_FORMAT_INVALID', 'seal.maker-signature:SEAL_MAKER_SIGNATURE_INVALID']);

    // A four-element seal whose header says 5 is V5; the same header in a V1 layout is a contradiction.
    const v5 = await verifySeal(sign(encodeSealInfo({ ...info, header: { ...info.header, version: 5 } })), { at: AT, trust: w.trust });
    expect(v5.version).toBe(5);
    expect(v5.valid).toBe(true);
  });

  it('the maker signature covers exactly the SealInfo bytes: re-wrapping them changes nothing', async () => {
    const w = world();
    const bytes = await makeSeal(sealInput(w));
    const c = parseDer(bytes).children;
    const rebuilt = der.seq(c[0].raw, c[1].raw, c[2].raw, c[3].raw);
    expect((await verifySeal(rebuilt, { at: AT, trust: w.trust })).valid).toBe(true);
  });
});
