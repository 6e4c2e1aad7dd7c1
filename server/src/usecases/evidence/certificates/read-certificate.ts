import { SealError, writeZip } from '@eseal/core';
import { assertAllowed, type Caller } from '../../../access';
import type { EvidenceCertificateDoc, EvidenceCertificateFileDoc } from '../../../store/evidence';
import { certificateVerifyUrl, type CertificateDeps } from './certificate-deps';

export interface CertificateStatus {
  certificateNumber: string;
  state: EvidenceCertificateDoc['state'];
  subject: EvidenceCertificateDoc['subject'];
  requestedAt: string;
  readyAt?: string;
  /** Set while it keeps failing (a signature not anchored yet, the ledger away). */
  lastError?: string;
  certificateSm3?: string;
  verifyUrl: string;
}

/** The certificate by number; NOT_FOUND when there is none. Who may read it is the caller's to check. */
export async function loadCertificate(
  deps: Pick<CertificateDeps, 'certificates'>,
  certificateNumber: string,
): Promise<EvidenceCertificateDoc> {
  const doc = await deps.certificates.load(certificateNumber);
  if (doc === undefined) throw new SealError('NOT_FOUND', 'no such certificate', { details: { certificateNumber } });
  return doc;
}

async function readable(
  deps: Pick<CertificateDeps, 'certificates'>,
  caller: Caller,
  certificateNumber: string,
): Promise<EvidenceCertificateDoc> {
  // Numbers carry 80 random bits: knowing that one exists is no foothold (the same order as the proof bundles: NOT_FOUND, then FORBIDDEN).
  const doc = await loadCertificate(deps, certificateNumber);
  assertAllowed(caller, 'evidence.certificate', { unitId: doc.unitId });
  return doc;
}

export async function getCertificateStatus(
  deps: Pick<CertificateDeps, 'certificates' | 'queue' | 'publicBaseUrl'>,
  caller: Caller,
  certificateNumber: string,
): Promise<CertificateStatus> {
  return certificateStatusOf(deps, await readable(deps, caller, certificateNumber));
}

/** A PENDING certificate's job is queued again (a no-op while BullMQ holds it), so a lost enqueue heals on the next poll. */
export async function certificateStatusOf(
  deps: Pick<CertificateDeps, 'queue' | 'publicBaseUrl'>,
  doc: EvidenceCertificateDoc,
): Promise<CertificateStatus> {
  const certificateNumber = doc._id;
  if (doc.state === 'PENDING') await deps.queue.enqueue(certificateNumber).catch(() => undefined);
  return {
    certificateNumber,
    state: doc.state,
    subject: doc.subject,
    requestedAt: new Date(doc.requestedAt).toISOString(),
    ...(doc.readyAt ? { readyAt: new Date(doc.readyAt).toISOString() } : {}),
    ...(doc.lastError && doc.state !== 'READY' ? { lastError: doc.lastError } : {}),
    ...(doc.summary ? { certificateSm3: doc.summary.certificateSm3 } : {}),
    verifyUrl: certificateVerifyUrl(deps.publicBaseUrl, certificateNumber),
  };
}

async function issuedFile(deps: Pick<CertificateDeps, 'certificates'>, doc: EvidenceCertificateDoc): Promise<EvidenceCertificateFileDoc> {
  const certificateNumber = doc._id;
  const file = doc.state === 'READY' ? await deps.certificates.loadFile(certificateNumber) : undefined;
  if (file === undefined) {
    throw new SealError('CERTIFICATE_NOT_READY', 'the certificate is not issued yet: follow its status', {
      details: { certificateNumber, state: doc.state },
    });
  }
  return file;
}

export async function downloadCertificate(
  deps: Pick<CertificateDeps, 'certificates'>,
  caller: Caller,
  certificateNumber: string,
): Promise<{ data: Uint8Array; filename: string }> {
  return certificatePdfOf(deps, await readable(deps, caller, certificateNumber));
}

export async function certificatePdfOf(
  deps: Pick<CertificateDeps, 'certificates'>,
  doc: EvidenceCertificateDoc,
): Promise<{ data: Uint8Array; filename: string }> {
  const certificateNumber = doc._id;
  const file = await issuedFile(deps, doc);
  return { data: new Uint8Array(file.pdf), filename: `${certificateNumber}.pdf` };
}

/** The certificate and the proof bundle it summarises, as one zip: what a court files together. */
export async function downloadCertificateArchive(
  deps: Pick<CertificateDeps, 'certificates'>,
  caller: Caller,
  certificateNumber: string,
): Promise<{ data: Uint8Array; filename: string }> {
  return certificateArchiveOf(deps, await readable(deps, caller, certificateNumber));
}

export async function certificateArchiveOf(
  deps: Pick<CertificateDeps, 'certificates'>,
  doc: EvidenceCertificateDoc,
): Promise<{ data: Uint8Array; filename: string }> {
  const certificateNumber = doc._id;
  const file = await issuedFile(deps, doc);
  const entries = [{ name: `${certificateNumber}.pdf`, data: new Uint8Array(file.pdf), compress: true }];
  if (file.bundle !== undefined) {
    entries.push({ name: `${certificateNumber}.proof-bundle.json`, data: new Uint8Array(Buffer.from(file.bundle)), compress: true });
  }
  return { data: writeZip(entries, new Date(file.createdAt)), filename: `${certificateNumber}.zip` };
}
