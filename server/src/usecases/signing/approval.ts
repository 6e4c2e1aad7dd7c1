import { SealError } from '@eseal/core';
import type { SigningStore, UseRequestDoc } from '../../store/signing';

type Approvals = Pick<SigningStore, 'useRequestRepository'>;

/**
 * Takes an approval for one signing: it must be approved, for this seal and this document, and not
 * expired; then the claim `use:<approvalId>` is inserted, which only one signing can do (of two
 * concurrent signs the other gets APPROVAL_USED). The state on the request follows the claim.
 */
export async function consumeApproval(
  signing: Approvals,
  approvalId: string | undefined,
  expect: { sealId: string; documentSm3: string; recordId: string; now: Date },
): Promise<UseRequestDoc> {
  if (approvalId === undefined)
    throw new SealError('APPROVAL_REQUIRED', 'an official seal needs an approved use request (approvalId)', {
      details: { sealId: expect.sealId },
    });
  const requests = signing.useRequestRepository;
  const doc = await requests.byId(approvalId);
  const details = { approvalId };
  if (!doc) throw new SealError('APPROVAL_REQUIRED', 'no such approval', { details });
  if (doc.sealId !== expect.sealId || doc.documentSm3 !== expect.documentSm3) {
    throw new SealError('APPROVAL_MISMATCH', 'the approval is for another seal or document', {
      details: { ...details, approvedSealId: doc.sealId, approvedDocumentSm3: doc.documentSm3 },
    });
  }
  // Taken by this same signing (a retry of one idempotent request passes its first attempt's record id).
  const ours = doc.usedByRecordId === expect.recordId;
  if (doc.state === 'USED' && !ours)
    throw new SealError('APPROVAL_USED', 'the approval was already used', { details: { ...details, usedByRecordId: doc.usedByRecordId } });
  if (doc.state !== 'APPROVED' && !ours)
    throw new SealError('APPROVAL_REQUIRED', `the use request is ${doc.state}, not approved`, {
      details: { ...details, state: doc.state },
    });
  if (!doc.expiresAt || new Date(doc.expiresAt).getTime() <= expect.now.getTime()) {
    throw new SealError('APPROVAL_EXPIRED', 'the approval has expired', {
      details: { ...details, expiresAt: doc.expiresAt && new Date(doc.expiresAt).toISOString() },
    });
  }
  if (!(await requests.claimUse(approvalId, expect.recordId, expect.now))) {
    throw new SealError('APPROVAL_USED', 'the approval was already used', { details });
  }
  await requests.markUsed(approvalId, expect.recordId, expect.now);
  return { ...doc, state: 'USED', usedAt: expect.now, usedByRecordId: expect.recordId };
}

/** Gives the signing back its approval when the signature could not be made after all. */
export async function releaseApproval(signing: Approvals, approvalId: string, recordId: string): Promise<void> {
  await signing.useRequestRepository.releaseUse(approvalId, recordId);
}
