import { SealError } from '@eseal/core';
import { assertAllowed, type Caller } from '../access';
import type { EvidenceCertificateDoc } from '../store/evidence';
import {
  certificateArchiveOf,
  certificatePdfOf,
  certificateStatusOf,
  certificateUnitOf,
  createCertificateRequest,
  loadCertificate,
  type CertificateDeps,
  type CertificateRequested,
  type CertificateStatus,
} from '../usecases/evidence/certificates';
import { recordCourtReads, type CourtReadRecorder } from './record-reads';

export type CourtCertificateDeps = Pick<CertificateDeps, 'certificates' | 'queue' | 'clock' | 'signing' | 'store' | 'publicBaseUrl'> &
  CourtReadRecorder;

/**
 * A court asks for the evidence certificate (存证证书) of a document it was handed, named by its SM3.
 * The certificate is the document's unit's, as if the unit had asked; the request is recorded for the unit.
 */
export async function requestCertificateForCourt(
  deps: CourtCertificateDeps,
  caller: Caller,
  documentSm3: string,
  options: { documentName?: string } = {},
): Promise<CertificateRequested> {
  assertAllowed(caller, 'court.evidence.read');
  const subject = { kind: 'document' as const, documentSm3 };
  const unitId = await certificateUnitOf(deps, subject);
  const requested = await createCertificateRequest(deps, caller, subject, unitId, options);
  await recordCourtReads(deps, caller, { what: 'CERTIFICATE', documentSm3, certificateNumber: requested.certificateNumber }, [], unitId);
  return requested;
}

/**
 * A document's certificate a court holds the number of (it asked for it, or was handed it). Only document
 * certificates: a court is handed documents, not seals. Every read is recorded for the unit first.
 */
async function courtReadable(deps: CourtCertificateDeps, caller: Caller, certificateNumber: string): Promise<EvidenceCertificateDoc> {
  assertAllowed(caller, 'court.evidence.read');
  const doc = await loadCertificate(deps, certificateNumber);
  if (doc.subject.kind !== 'document')
    throw new SealError('NOT_FOUND', 'no certificate of a document has this number', { details: { certificateNumber } });
  await recordCourtReads(deps, caller, { what: 'CERTIFICATE', documentSm3: doc.subject.documentSm3, certificateNumber }, [], doc.unitId);
  return doc;
}

export async function courtCertificateStatus(
  deps: CourtCertificateDeps,
  caller: Caller,
  certificateNumber: string,
): Promise<CertificateStatus> {
  return certificateStatusOf(deps, await courtReadable(deps, caller, certificateNumber));
}

export async function courtCertificatePdf(
  deps: CourtCertificateDeps,
  caller: Caller,
  certificateNumber: string,
): Promise<{ data: Uint8Array; filename: string }> {
  return certificatePdfOf(deps, await courtReadable(deps, caller, certificateNumber));
}

export async function courtCertificateArchive(
  deps: CourtCertificateDeps,
  caller: Caller,
  certificateNumber: string,
): Promise<{ data: Uint8Array; filename: string }> {
  return certificateArchiveOf(deps, await courtReadable(deps, caller, certificateNumber));
}
