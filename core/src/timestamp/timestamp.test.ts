import { der, parseDer } from '../asn1';
import { Sm2PrivateKey } from '../crypto/sm2-keys';
import { sm3 } from '../crypto/sm3';
import { isSealError } from '../errors';
import { parseTimeStampToken } from '../seal/timestamp-token';
import { tsaFixture } from './__tests__/tsa-fixture';
import { TspOid } from './oids';
import { decodeTimeStampRequest, encodeTimeStampRequest } from './request';
import { decodeTimeStampResponse, encodeTimeStampResponse } from './response';
import { timeStampTrustFromX509 } from './seal-trust';
import { readTimeStampToken } from './token-read';
import { verifyTimeStampTokenSignature } from './verify-token';

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (isSealError(error)) return error.code;
    throw error;
  }
  throw new Error('expected a coded error');
}

const value = new Uint8Array(Buffer.from('the SM2 signature value being stamped'));

describe('RFC 3161 requests and responses (GM/T 0033 profile)', () => {
  it('a request round-trips: SM3 imprint, nonce, certReq', () => {
    const request = { hashAlgorithm: TspOid.SM3, hashedMessage: sm3(value), nonce: 0xfedcba9876543210n, certReq: true };
    expect(decodeTimeStampRequest(encodeTimeStampRequest(request))).toEqual(request);
  });

  it('refuses requests that are not version 1 or carry extensions, with TIMESTAMP_REQUEST_INVALID', () => {
    const imprint = der.seq(der.seq(der.oid(TspOid.SM3)), der.octets(sm3(value)));
    expect(codeOf(() => decodeTimeStampRequest(der.seq(der.int(2), imprint)))).toBe('TIMESTAMP_REQUEST_INVALID');
    expect(codeOf(() => decodeTimeStampRequest(der.seq(der.int(1), imprint, der.explicit(0, der.seq()))))).toBe(
      'TIMESTAMP_REQUEST_INVALID',
    );
    expect(codeOf(() => decodeTimeStampRequest(new Uint8Array([0x30, 0x80])))).toBe('TIMESTAMP_REQUEST_INVALID');
  });

  it('a response round-trips: granted with its token, rejection with a failure bit and text', async () => {
    const tsa = await tsaFixture();
    const token = await tsa.stamp(value);
    expect(decodeTimeStampResponse(encodeTimeStampResponse({ status: 0, token }))).toEqual({ status: 0, token });
    for (const failure of ['badAlg', 'badRequest', 'systemFailure', 'timeNotAvailable'] as const) {
      const answer = decodeTimeStampResponse(encodeTimeStampResponse({ status: 2, statusText: 'no', failure }));
      expect(answer).toEqual({ status: 2, statusText: 'no', failure });
    }
    expect(codeOf(() => decodeTimeStampResponse(new Uint8Array([1, 2, 3])))).toBe('TSA_RESPONSE_INVALID');
  });
});

describe('time-stamp tokens: making and verifying', () => {
  it('a token made by a TSA certificate of the CA verifies, and the seal reader sees the same imprint and time', async () => {
    const tsa = await tsaFixture();
    for (const ms of [0, 5, 50, 500, 999]) {
      const at = new Date(Date.UTC(2026, 11, 6, 12, 0, 0, ms));
      expect(readTimeStampToken(await tsa.stamp(value, { genTime: at })).info.genTime).toEqual(at);
    }
    const genTime = new Date();
    const token = await tsa.stamp(value, { genTime, serial: 42n });
    const verified = verifyTimeStampTokenSignature(token, tsa.trust);
    expect(verified.genTime).toEqual(genTime);
    expect(verified.info.serialNumber).toBe(42n);
    expect(verified.tsa.serialNumber).toBe(tsa.certificate.serialNumber);
    const seen = parseTimeStampToken(token);
    expect(Buffer.from(seen.hashedMessage)).toEqual(Buffer.from(sm3(value)));
    expect(seen.genTime).toEqual(genTime);
    expect(timeStampTrustFromX509(tsa.trust)(token)).toMatchObject({ ok: true });
  });

  it('a token without the certificate verifies only when the TSA certificate is configured', async () => {
    const tsa = await tsaFixture();
    const token = await tsa.stamp(value, { includeCertificate: false });
    expect(readTimeStampToken(token).certificates).toHaveLength(0);
    expect(codeOf(() => verifyTimeStampTokenSignature(token, tsa.trust))).toBe('TIMESTAMP_CERT_INVALID');
    expect(verifyTimeStampTokenSignature(token, { ...tsa.trust, tsaCertificates: [tsa.certificate] }).tsa.der).toEqual(tsa.certificate.der);
  });

  it('TIMESTAMP_SIGNATURE_INVALID: signed with another key, a changed TSTInfo, a flipped signature byte', async () => {
    const tsa = await tsaFixture();
    const forged = await tsa.stamp(value, { key: Sm2PrivateKey.generate() });
    expect(codeOf(() => verifyTimeStampTokenSignature(forged, tsa.trust))).toBe('TIMESTAMP_SIGNATURE_INVALID');

    const token = await tsa.stamp(value, { serial: 0x11n });
    // The serial 0x11 inside the TSTInfo becomes 0x12: the messageDigest no longer covers it.
    const read = readTimeStampToken(token);
    const at =
      Buffer.from(token).indexOf(Buffer.from(read.tstInfoDer)) + Buffer.from(read.tstInfoDer).indexOf(Buffer.from([0x02, 0x01, 0x11]));
    const changed = new Uint8Array(token);
    changed[at + 2] = 0x12;
    expect(readTimeStampToken(changed).info.serialNumber).toBe(0x12n);
    expect(codeOf(() => verifyTimeStampTokenSignature(changed, tsa.trust))).toBe('TIMESTAMP_SIGNATURE_INVALID');

    const flipped = new Uint8Array(token);
    flipped[flipped.length - 5] ^= 0x01;
    expect(codeOf(() => verifyTimeStampTokenSignature(flipped, tsa.trust))).toBe('TIMESTAMP_SIGNATURE_INVALID');
    expect(timeStampTrustFromX509(tsa.trust)(flipped)).toMatchObject({ ok: false, code: 'TIMESTAMP_SIGNATURE_INVALID' });
  });

  it('TIMESTAMP_CERT_INVALID: a certificate without the time-stamping purpose, another CA, genTime outside the validity', async () => {
    const signer = await tsaFixture('signer');
    const signerToken = await signer.stamp(value);
    expect(codeOf(() => verifyTimeStampTokenSignature(signerToken, signer.trust))).toBe('TIMESTAMP_CERT_INVALID');
    const tsa = await tsaFixture();
    const other = await tsaFixture();
    const token = await tsa.stamp(value);
    expect(codeOf(() => verifyTimeStampTokenSignature(token, other.trust))).toBe('TIMESTAMP_CERT_INVALID');
    const before = await tsa.stamp(value, { genTime: new Date(tsa.certificate.notBefore.getTime() - 86400_000) });
    expect(codeOf(() => verifyTimeStampTokenSignature(before, tsa.trust))).toBe('TIMESTAMP_CERT_INVALID');
  });

  it('TIMESTAMP_CERT_INVALID once the TSA key is reported compromised; other later revocations leave earlier tokens standing', async () => {
    const tsa = await tsaFixture();
    const token = await tsa.stamp(value, { genTime: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000) });
    await tsa.ca.revoke(tsa.certificate.serialNumber, 'superseded', new Date());
    expect(verifyTimeStampTokenSignature(token, { ...tsa.trust, crls: [await tsa.ca.currentCrl()] }).revocationUnknown).toBe(false);
    const compromised = await tsaFixture();
    const token2 = await compromised.stamp(value, { genTime: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000) });
    await compromised.ca.revoke(compromised.certificate.serialNumber, 'keyCompromise', new Date());
    const crl = await compromised.ca.currentCrl();
    expect(codeOf(() => verifyTimeStampTokenSignature(token2, { ...compromised.trust, crls: [crl] }))).toBe('TIMESTAMP_CERT_INVALID');
  });

  it('refuses tokens that are not one SignerInfo over a TSTInfo with TIMESTAMP_INVALID, whatever the bytes', async () => {
    const tsa = await tsaFixture();
    const token = await tsa.stamp(value);
    expect(codeOf(() => verifyTimeStampTokenSignature(token.subarray(0, token.length - 1), tsa.trust))).toBe('TIMESTAMP_INVALID');
    expect(codeOf(() => verifyTimeStampTokenSignature(der.seq(der.oid(TspOid.CMS_SIGNED_DATA)), tsa.trust))).toBe('TIMESTAMP_INVALID');
    // Every single-byte change is either still a valid token (never: the signature covers it all) or a coded refusal.
    const codes = new Set<string>();
    for (let i = 0; i < token.length; i += 7) {
      const mutant = new Uint8Array(token);
      mutant[i] ^= 0x40;
      try {
        verifyTimeStampTokenSignature(mutant, tsa.trust);
        // A change inside an unsigned, unused part (the certificate's own padding) cannot exist: the certificate is signed too.
        codes.add('ACCEPTED');
      } catch (error) {
        if (!isSealError(error)) throw error;
        codes.add(error.code);
      }
    }
    expect(codes.has('ACCEPTED')).toBe(false);
    expect([...codes].filter((c) => !c.startsWith('TIMESTAMP_'))).toEqual([]);
    expect(parseDer(token)).toBeDefined();
  });
});
