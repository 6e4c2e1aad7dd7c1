import { SealError, sm3Hex, writeReportPdf } from '@eseal/core';
import type { CertificatePublicSummary, EvidenceCertificateDoc, EvidenceCertificateFileDoc } from '../../../store/evidence';
import type { CertificateFacts } from './certificate-facts';
import { certificateDocument } from './certificate-content';
import type { CertificateDeps } from './certificate-deps';
import { gatherDocumentFacts } from './gather-document-facts';
import { gatherSealFacts } from './gather-seal-facts';
import { sealWithServiceSeal } from './service-seal';

export type CertificateOutcome =
  | { outcome: 'ISSUED' | 'ALREADY_ISSUED'; certificateNumber: string; unitId: string; certificateSm3: string }
  | { outcome: 'MISSING'; certificateNumber: string };

/**
 * Issues one certificate; safe to run again at any point. Its steps: register the service seal on the
 * ledger (idempotent there), gather the facts, typeset, seal with the service seal, store the files
 * under the number (a unique insert: the first run's PDF stands), mark the certificate READY.
 */
export async function produceCertificate(deps: CertificateDeps, certificateNumber: string): Promise<CertificateOutcome> {
  const doc = await deps.certificates.load(certificateNumber);
  if (doc === undefined) return { outcome: 'MISSING', certificateNumber };
  const done = await deps.certificates.loadFile(certificateNumber);
  if (done !== undefined) {
    if (doc.state !== 'READY') await deps.certificates.markReady(certificateNumber, done);
    return { outcome: 'ALREADY_ISSUED', certificateNumber, unitId: doc.unitId, certificateSm3: done.pdfSm3 };
  }
  await deps.registerServiceSeal();
  // Whole seconds, rounded up: the ledger must never see the certificate sealed before the seal's issuance.
  const issuedAt = new Date(Math.ceil(deps.clock().getTime() / 1000) * 1000);
  const { facts, bundle } = await gatherFacts(deps, doc, issuedAt);
  const written = writeReportPdf(certificateDocument(facts), deps.font);
  if (written.sealSpot === undefined) throw new SealError('INTERNAL', 'the certificate layout left no place for the seal');
  const pdf = await sealWithServiceSeal(written.pdf, deps.serviceSeal, written.sealSpot, issuedAt);
  const pdfSm3 = sm3Hex(pdf);
  const file: EvidenceCertificateFileDoc = {
    _id: certificateNumber,
    pdf: Buffer.from(pdf),
    pdfSm3,
    ...(bundle ? { bundle: JSON.stringify(bundle) } : {}),
    summary: publicSummary(facts, pdfSm3),
    createdAt: issuedAt,
  };
  const stored = await deps.certificates.saveFileOnce(file);
  await deps.certificates.markReady(certificateNumber, stored);
  return { outcome: 'ISSUED', certificateNumber, unitId: doc.unitId, certificateSm3: stored.pdfSm3 };
}

function gatherFacts(deps: CertificateDeps, doc: EvidenceCertificateDoc, issuedAt: Date) {
  const certificateNumber = doc._id;
  return doc.subject.kind === 'document'
    ? gatherDocumentFacts(deps, {
        certificateNumber,
        documentSm3: doc.subject.documentSm3,
        issuedAt,
        ...(doc.documentName ? { documentName: doc.documentName } : {}),
      })
    : gatherSealFacts(deps, { certificateNumber, sealId: doc.subject.sealId, issuedAt });
}

/** What the public lookup may show: what the certificate prints about seals and times, nothing internal. */
function publicSummary(facts: CertificateFacts, certificateSm3: string): CertificatePublicSummary {
  const common = { issuedAt: facts.issuedAt.toISOString(), verdict: facts.verification.verdict, certificateSm3 };
  if (facts.kind === 'document') {
    return {
      kind: 'document',
      documentSm3: facts.sm3After,
      ...common,
      signatures: facts.signatures.map((s) => ({ sealName: s.sealName, sealCode: s.sealCode, signedAt: s.signedAt.toISOString() })),
    };
  }
  return { kind: 'seal', sealCode: facts.sealCode, ...common, signatures: [] };
}
