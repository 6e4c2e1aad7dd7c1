import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DevelopmentCertificateAuthority, writeReportPdf } from '@eseal/core';
import { reportFontLoader } from '../infra/report-font';
import { certificateDocument, sealWithServiceSeal, type DocumentCertificateFacts } from '../usecases/evidence/certificates';
import { loadOrCreateMakerIdentity } from './maker-identity';
import { loadOrCreateServiceSeal } from './service-seal-identity';

export interface CertificateCost {
  /** Whole certificates (typeset, font subset, sealed) per second. */
  perSecond: number;
  /** Sealing an already typeset certificate per second: the part every sealed PDF pays. */
  sealOnlyPerSecond: number;
  bytes: number;
  signatures: number;
}

const hex32 = () => randomBytes(32).toString('hex');

/**
 * Measures certificate generation without a database or ledger: facts of a document with `signatures`
 * signatures (every field filled, court-chain receipts included), typeset with the CJK font subset
 * and sealed with a service seal made by an in-memory development CA.
 */
export async function measureCertificateCost(options: { signatures?: number; rounds?: number } = {}): Promise<CertificateCost> {
  const { signatures = 3, rounds = 20 } = options;
  const ca = await DevelopmentCertificateAuthority.create();
  const kek = randomBytes(32);
  const seal = await loadOrCreateServiceSeal(ca, await loadOrCreateMakerIdentity(ca, { kek, makerId: 'BENCH' }), { kek });
  const font = reportFontLoader()();
  const at = new Date(Math.ceil(Date.now() / 1000) * 1000);
  const facts: DocumentCertificateFacts = {
    kind: 'document',
    certificateNumber: `ZC20261206${randomBytes(10).toString('hex').toUpperCase()}`,
    issuedAt: at,
    verifyUrl: 'https://verify.example.cn/verify/c/ZC20261206',
    issuer: { name: seal.unitName, sealCode: seal.sealCode },
    verification: { verdict: 'VALID', passed: 3 + 2 * signatures, total: 3 + 2 * signatures, problems: [] },
    ledgerKind: 'embedded',
    documentName: '天津示范贸易有限公司供货合同.pdf',
    sm3Before: hex32(),
    sm3After: hex32(),
    signatures: Array.from({ length: signatures }, (_, i) => ({
      sealName: `天津示范贸易有限公司合同专用章${i}`,
      sealCode: `120116${String(1000000 + i)}`,
      unitName: '天津示范贸易有限公司',
      signer: '赵保管',
      signedAt: at,
      signatureSm3: hex32(),
      anchor: { batchId: hex32(), merkleRoot: hex32(), txId: hex32(), blockNumber: 1000 + i },
      courtChains: [
        { chain: 'tj-court', evidenceNumber: `TJ-2026-${i}`, txHash: hex32(), blockHeight: 88000 + i, recordedAt: at.toISOString() },
      ],
    })),
  };
  const once = async () => {
    const written = writeReportPdf(certificateDocument(facts), font);
    return { written, sealed: await sealWithServiceSeal(written.pdf, seal, written.sealSpot!, at) };
  };
  const sample = await once(); // warm-up: font parsing, JIT
  let started = performance.now();
  for (let i = 0; i < rounds; i++) await once();
  const wholeMs = (performance.now() - started) / rounds;
  started = performance.now();
  for (let i = 0; i < rounds; i++) await sealWithServiceSeal(sample.written.pdf, seal, sample.written.sealSpot!, at);
  const sealMs = (performance.now() - started) / rounds;
  return { perSecond: 1000 / wholeMs, sealOnlyPerSecond: 1000 / sealMs, bytes: sample.sealed.length, signatures };
}
