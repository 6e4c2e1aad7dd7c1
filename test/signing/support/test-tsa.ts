/** TEST-ONLY: the local time-stamp authority as its own process, certified under a test CA, with its fault controls. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ExtendedKeyUsageOid,
  SIGNING_USAGES,
  TspOid,
  decodeTimeStampResponse,
  encodeName,
  encodeTimeStampRequest,
  keyIdentifier,
  localTbsSigner,
  randomSerialNumber,
  signCertificate,
  sm3,
  type Sm2PublicKey,
} from '@eseal/core';
import type { TestCa } from '../../../core/src/x509/__tests__/pki-fixture';
import { startTsa } from '../../../scripts/src/local-services/tsa';

export interface TestTsa {
  url: string;
  /** Arms a fault for the next requests (see scripts/src/simulators/tsa/faults.ts). */
  arm(fault: Record<string, unknown>): Promise<void>;
  /** A token straight from the TSA, none of the client's checks applied (for tokens the client would refuse). */
  rawToken(value: Uint8Array): Promise<Uint8Array>;
  stop(): Promise<void>;
}

/** A TSA certificate as a CA issues one: timeStamping only, critical (RFC 3161 2.3). */
async function certifyUnder(root: TestCa, publicKey: Sm2PublicKey) {
  const now = Date.now();
  return signCertificate(
    {
      serialNumber: randomSerialNumber(),
      issuer: root.cert.subject,
      subject: encodeName({ country: 'CN', organization: '测试', commonName: '测试时间戳服务' }),
      notBefore: new Date(now - 3600_000),
      notAfter: new Date(now + 30 * 86_400_000),
      publicKey,
      extensions: {
        basicConstraints: { cA: false },
        keyUsage: SIGNING_USAGES,
        extendedKeyUsage: [ExtendedKeyUsageOid.timeStamping],
        subjectKeyIdentifier: keyIdentifier(publicKey),
        authorityKeyIdentifier: root.cert.extensions.subjectKeyIdentifier,
      },
    },
    localTbsSigner(root.key),
  );
}

export async function startTestTsa(root: TestCa): Promise<TestTsa> {
  const dataDir = mkdtempSync(join(tmpdir(), 'eseal-test-tsa-'));
  const running = await startTsa({ dataDir, certify: async (publicKey) => [await certifyUnder(root, publicKey), root.cert] });
  return {
    url: running.url,
    async arm(fault) {
      const response = await fetch(`${running.url}/__control/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
      if (response.status >= 300) throw new Error(`arming ${JSON.stringify(fault)}: HTTP ${response.status}`);
    },
    async rawToken(value) {
      const request = encodeTimeStampRequest({ hashAlgorithm: TspOid.SM3, hashedMessage: sm3(value), nonce: 1n, certReq: true });
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/timestamp-query' },
        body: Buffer.from(request),
      });
      const answer = decodeTimeStampResponse(new Uint8Array(await response.arrayBuffer()));
      if (answer.token === undefined) throw new Error(`the TSA refused: ${answer.statusText}`);
      return answer.token;
    },
    async stop() {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
