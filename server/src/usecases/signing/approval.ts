import { SealError } from '@eseal/core';
import { claimHolder, releaseClaim, takeClaim, type SigningStore, type UseRequestDoc } from '../../store/signing';

const useClaim = (approvalId: string) => `use:${approvalId}`;

/**
 * Takes an approval for one signing: it must be approved, for this seal and this document, and not
 * expired; then the claim `use:<approvalId>` is inserted, which only one signing can do (of two
 * concurrent signs the other gets APPROVAL_USED). The state on the request follows the claim.
 */
export async function consumeApproval(
  signing: SigningStore,
  approvalId: string | undefined,
  expect: { sealId: string; documentSm3: string; recordId: string; now: Date },
): Promise<UseRequestDoc> {
  if (approvalId === undefined)
    throw new SealError('APPROVAL_REQUIRED', 'an official seal needs an approved use request (approvalId)', {
      details: { sealId: expect.sealId },
    });
  const doc = await signing.useRequests.findById(approvalId).lean<UseRequestDoc>();
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
  if (
    !(await takeClaim(signing.claims, useClaim(approvalId), expect.recordId, expect.now)) &&
    (await claimHolder(signing.claims, useClaim(approvalId))) !== expect.recordId
  ) {
    throw new SealError('APPROVAL_USED', 'the approval was already used', { details });
  }
  await signing.useRequests.updateOne(
    { _id: approvalId },
    { $set: { state: 'USED', usedAt: expect.now, usedByRecordId: expect.recordId } },
  );
  return { ...doc, state: 'USED', usedAt: expect.now, usedByRecordId: expect.recordId };
}

/** Gives the signing back its approval when the signature could not be made after all. */
export async function releaseApproval(signing: SigningStore, approvalId: string, recordId: string): Promise<void> {
  await signing.useRequests.updateOne(
    { _id: approvalId, usedByRecordId: recordId },
    { $set: { state: 'APPROVED' }, $unset: { usedAt: 1, usedByRecordId: 1 } },
  );
  await releaseClaim(signing.claims, useClaim(approvalId), recordId);
}
