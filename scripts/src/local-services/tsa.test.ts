import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DevelopmentCertificateAuthority,
  SealOid,
  TspOid,
  decodeTimeStampResponse,
  encodeTimeStampRequest,
  readTimeStampToken,
  sm3,
  verifyTimeStampTokenSignature,
  type Certificate,
} from '@eseal/core';
import { HttpTimeStampAuthority } from '@eseal/server';
import { startLocalServices } from './index';
import type { TsaCertifier } from './tsa';

/** The local time-stamp authority as npm start launches it: its own process, certified, persistent, stopped with the rest. */
describe('local time-stamp authority', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseal-tsa-local-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  let ca: DevelopmentCertificateAuthority;
  const certified: Certificate[] = [];
  const certify: TsaCertifier = async (publicKey, current) => {
    if (current.length > 0) return undefined;
    const now = Date.now();
    const leaf = await ca.issue({
      subject: { country: 'CN', commonName: 'TSA' },
      publicKey,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 86_400_000),
      profile: 'tsa',
    });
    certified.push(leaf);
    return [leaf, ...ca.chain()];
  };
  beforeAll(async () => {
    ca = await DevelopmentCertificateAuthority.create();
  });
  const trust = () => ({ trustAnchors: ca.chain().slice(-1), intermediates: ca.chain().slice(0, -1) });
  const post = async (url: string, body: Uint8Array, contentType = 'application/timestamp-query') => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body: Buffer.from(body) });
    return { status: response.status, answer: decodeTimeStampResponse(new Uint8Array(await response.arrayBuffer())) };
  };

  it('stamps SM3 imprints with serial numbers that keep increasing across a restart, and keeps its key and certificate', async () => {
    const first = await startLocalServices({ dataDir, mongodb: false, redis: false, tsa: { certify } });
    const url = first.tsaUrl!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const client = new HttpTimeStampAuthority({ url, timeoutMs: 5000, trust: trust() });
    const value = new Uint8Array(Buffer.from('signature value'));
    const serials = [];
    for (let i = 0; i < 3; i++) {
      const token = await client.stamp(value);
      const verified = verifyTimeStampTokenSignature(token, trust());
      expect(Buffer.from(verified.info.hashedMessage)).toEqual(Buffer.from(sm3(value)));
      serials.push(verified.info.serialNumber);
    }
    expect(serials).toEqual([1n, 2n, 3n]);
    expect(fs.statSync(path.join(dataDir, 'tsa', 'tsa-key.hex')).mode & 0o077).toBe(0);
    await first.stop();
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(fs.existsSync(path.join(dataDir, 'logs', 'tsa.log'))).toBe(true);

    const second = await startLocalServices({ dataDir, mongodb: false, redis: false, tsa: { certify } });
    try {
      const token = await new HttpTimeStampAuthority({ url: second.tsaUrl!, timeoutMs: 5000, trust: trust() }).stamp(value);
      expect(readTimeStampToken(token).info.serialNumber).toBe(4n);
      // Certified once: the restarted TSA kept its key and certificate.
      expect(certified).toHaveLength(1);
      expect(readTimeStampToken(token).certificates[0]).toEqual(certified[0]!.der);
    } finally {
      await second.stop();
    }
  });

  it('refuses what it cannot stamp with an RFC 3161 rejection: another hash algorithm, a garbled request, another content type', async () => {
    const services = await startLocalServices({ dataDir, mongodb: false, redis: false, tsa: { certify } });
    const url = services.tsaUrl!;
    try {
      const sha256 = encodeTimeStampRequest({ hashAlgorithm: SealOid.SHA256, hashedMessage: new Uint8Array(32), certReq: true });
      expect(await post(url, sha256)).toMatchObject({ status: 200, answer: { status: 2, failure: 'badAlg' } });
      expect(await post(url, new Uint8Array([0x30, 0x03, 1, 2, 3]))).toMatchObject({
        status: 400,
        answer: { status: 2, failure: 'badRequest' },
      });
      const sm3Request = encodeTimeStampRequest({ hashAlgorithm: TspOid.SM3, hashedMessage: new Uint8Array(32), certReq: false });
      expect(await post(url, sm3Request, 'text/plain')).toMatchObject({ status: 400, answer: { status: 2, failure: 'badDataFormat' } });
      // A request without certReq gets a token without the certificate: verifiable with the certificate known beforehand.
      const { answer } = await post(url, sm3Request);
      expect(readTimeStampToken(answer.token!).certificates).toHaveLength(0);
      expect(verifyTimeStampTokenSignature(answer.token!, { ...trust(), tsaCertificates: certified }).tsa.der).toEqual(certified[0]!.der);
    } finally {
      await services.stop();
    }
  });
});
