import { der } from '../asn1';
import { T, rawSignature, sealInput, world } from './__tests__/fixtures';
import { PROTECTED } from './__tests__/fixtures';
import { expectCode } from './__tests__/expect-code';
import { failures, statusOf } from './__tests__/report-helpers';
import { buildTimeStampToken } from './__tests__/timestamp-token-builder';
import { makeSeal } from './make-seal';
import { SealOid } from './oids';
import { parseTimeStampToken } from './timestamp-token';
import { verifySesSignature } from './verify';

const content = { protectedBytes: PROTECTED };
const AFTER = new Date(T.signing.getTime() + 2000);

describe('RFC 3161 time-stamp tokens', () => {
  it('parses the message imprint and genTime from PKCS#7 and GM/T 0010 signedData tokens', () => {
    for (const contentType of [SealOid.CMS_SIGNED_DATA, SealOid.GM_SIGNED_DATA]) {
      const info = parseTimeStampToken(buildTimeStampToken(new Uint8Array([1, 2]), AFTER, SealOid.SM3, contentType));
      expect(info.genTime).toEqual(AFTER);
      expect(info.hashAlgorithm).toBe(SealOid.SM3);
      expect(info.hashedMessage).toHaveLength(32);
      expect(info.serialHex).toBe('1234');
    }
  });

  it('refuses what is not a time-stamp token with TIMESTAMP_INVALID', () => {
    expectCode(() => parseTimeStampToken(new Uint8Array([1, 2, 3])), 'TIMESTAMP_INVALID');
    expectCode(
      () => parseTimeStampToken(der.seq(der.oid('1.2.840.113549.1.7.1'), der.explicit(0, der.octets(new Uint8Array(1))))),
      'TIMESTAMP_INVALID',
    );
    const token = buildTimeStampToken(new Uint8Array([1]), AFTER);
    expectCode(() => parseTimeStampToken(token.subarray(0, token.length - 3)), 'TIMESTAMP_INVALID');
  });

  describe('in SES_Signature', () => {
    const sign = async (stamp: (value: Uint8Array) => Uint8Array) => {
      const w = world();
      return { w, signature: rawSignature({ seal: await makeSeal(sealInput(w)), signer: w.holder, timeStamp: stamp }) };
    };

    it('passes when the token stamps the signature value (SM3 or SHA-256) and says the TSA was not checked', async () => {
      for (const alg of [SealOid.SM3, SealOid.SHA256]) {
        const { w, signature } = await sign((v) => buildTimeStampToken(v, AFTER, alg));
        const report = await verifySesSignature(signature, { ...content, trust: w.trust });
        expect(report.valid).toBe(true);
        const check = statusOf(report, 'signature.timestamp');
        expect(check.status).toBe('pass');
        expect(check.details?.tsaSignatureChecked).toBe(false);
      }
    });

    it('TIMESTAMP_IMPRINT_MISMATCH for an imprint of something else; TIMESTAMP_INVALID: SHA-1 imprint, genTime before the claimed time, garbage', async () => {
      const cases: Array<[(v: Uint8Array) => Uint8Array, string]> = [
        [() => buildTimeStampToken(new Uint8Array([9]), AFTER), 'TIMESTAMP_IMPRINT_MISMATCH'],
        [(v) => buildTimeStampToken(v, AFTER, SealOid.SHA1), 'TIMESTAMP_INVALID'],
        [(v) => buildTimeStampToken(v, new Date(T.signing.getTime() - 3600_000)), 'TIMESTAMP_INVALID'],
        [() => new Uint8Array([0x30, 0x00]), 'TIMESTAMP_INVALID'],
      ];
      for (const [stamp, code] of cases) {
        const { w, signature } = await sign(stamp);
        expect(failures(await verifySesSignature(signature, { ...content, trust: w.trust }))).toEqual([`signature.timestamp:${code}`]);
      }
    });

    it('uses the injected TSA verifier when present', async () => {
      const { w, signature } = await sign((v) => buildTimeStampToken(v, AFTER));
      const ok = await verifySesSignature(signature, {
        ...content,
        trust: w.trustWith({}, { verifyTimeStampToken: () => ({ ok: true, message: 'ok' }) }),
      });
      expect(statusOf(ok, 'signature.timestamp').details?.tsaSignatureChecked).toBe(true);
      const bad = await verifySesSignature(signature, {
        ...content,
        trust: w.trustWith({}, { verifyTimeStampToken: async () => ({ ok: false, message: 'TSA certificate revoked' }) }),
      });
      expect(failures(bad)).toEqual(['signature.timestamp:TIMESTAMP_INVALID']);
      const coded = await verifySesSignature(signature, {
        ...content,
        trust: w.trustWith({}, { verifyTimeStampToken: () => ({ ok: false, code: 'TIMESTAMP_SIGNATURE_INVALID', message: 'bad' }) }),
      });
      expect(failures(coded)).toEqual(['signature.timestamp:TIMESTAMP_SIGNATURE_INVALID']);
    });

    it('signingTimeSource timestamp judges certificates and the seal at the TSA time', async () => {
      const lateStamp = new Date('2027-02-01T00:00:00Z');
      const { w, signature } = await sign((v) => buildTimeStampToken(v, lateStamp));
      const report = await verifySesSignature(signature, { ...content, trust: w.trust, signingTimeSource: { kind: 'timestamp' } });
      expect(report.signingTime).toEqual(lateStamp);
      expect(report.signingTimeSource).toBe('timestamp');
      expect(failures(report)).toEqual(['seal.validity:SEAL_OUT_OF_VALIDITY']);
    });

    it('signingTimeSource timestamp without a token falls back to timeInfo and fails the time-stamp check', async () => {
      const w = world();
      const signature = rawSignature({ seal: await makeSeal(sealInput(w)), signer: w.holder });
      const report = await verifySesSignature(signature, { ...content, trust: w.trust, signingTimeSource: { kind: 'timestamp' } });
      expect(report.signingTimeSource).toBe('timeInfo');
      expect(failures(report)).toEqual(['signature.timestamp:TIMESTAMP_INVALID']);
    });
  });
});
