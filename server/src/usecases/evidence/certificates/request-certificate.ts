import { SealError } from '@eseal/core';
import { assertAllowed, auditActor, type Caller } from '../../../access';
import type { CertificateSubject } from '../../../store/evidence';
import { signingChainOf } from '../document-bundle';
import type { CertificateDeps } from './certificate-deps';
import { newCertificateNumber } from './certificate-number';

export interface CertificateRequested {
  certificateNumber: string;
  state: 'PENDING';
}

/**
 * 出证: records a PENDING certificate under a fresh number (a unique `_id` insert) and queues the job that
 * issues it. Answers at once; the caller follows GET .../certificates/{number}. A queue that is down
 * does not lose the request: the certificate is stored, and asking for its status queues it again.
 */
export async function requestCertificate(
  deps: Pick<CertificateDeps, 'certificates' | 'queue' | 'clock' | 'signing' | 'store'>,
  caller: Caller,
  subject: CertificateSubject,
  options: { documentName?: string } = {},
): Promise<CertificateRequested> {
  const unitId = await certificateUnitOf(deps, subject);
  assertAllowed(caller, 'evidence.certificate', { unitId });
  return createCertificateRequest(deps, caller, subject, unitId, options);
}

/** Stores the request and queues its job; `caller` was allowed to ask for a certificate of `unitId`'s subject. */
export async function createCertificateRequest(
  deps: Pick<CertificateDeps, 'certificates' | 'queue' | 'clock'>,
  caller: Caller,
  subject: CertificateSubject,
  unitId: string,
  options: { documentName?: string } = {},
): Promise<CertificateRequested> {
  const now = deps.clock();
  for (let attempt = 0; attempt < 3; attempt++) {
    const certificateNumber = newCertificateNumber(now);
    const created = await deps.certificates.create({
      _id: certificateNumber,
      subject,
      unitId,
      ...(subject.kind === 'document' && options.documentName ? { documentName: options.documentName } : {}),
      requestedBy: auditActor(caller),
      requestedAt: now,
    });
    if (!created) continue;
    await deps.queue.enqueue(certificateNumber).catch(() => undefined);
    return { certificateNumber, state: 'PENDING' };
  }
  // 80 random bits colliding three times is not chance.
  throw new SealError('INTERNAL', 'could not allocate a certificate number');
}

/** The unit whose document (its last signature's) or seal the certificate is about; NOT_FOUND when there is none. */
export async function certificateUnitOf(deps: Pick<CertificateDeps, 'signing' | 'store'>, subject: CertificateSubject): Promise<string> {
  if (subject.kind === 'document') return (await signingChainOf(deps, subject.documentSm3)).at(-1)!.unitId;
  const seal = await deps.store.seals.byId(subject.sealId);
  if (seal === null) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: subject.sealId } });
  return seal.unitId;
}
