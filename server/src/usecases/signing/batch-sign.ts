import { randomBytes } from 'node:crypto';
import { SealError, isSealError, type ErrorCode } from '@eseal/core';
import type { Caller } from '../../access';
import type { SigningRecordDoc } from '../../store/signing';
import { authoriseSigning } from './authorise-signing';
import { unlockSealKey } from './pin-guard';
import type { SealDocumentOptions } from './seal-document';
import { releaseApproval } from './approval';
import { assertPinSettled, giveBackApprovals, prepareSignature, storeSignatures, type SignatureWrites } from './sign-document';
import type { SigningDeps } from './signing-deps';
import { loadSigningSeal } from './signing-seal';

export interface BatchItem extends SealDocumentOptions {
  /** The caller's own name for the item, echoed back. */
  clientRef?: string;
  approvalId?: string;
  document: Uint8Array;
}

export type BatchItemResult =
  | { clientRef?: string; ok: true; record: SigningRecordDoc; signedPdf: Uint8Array }
  | { clientRef?: string; ok: false; error: { code: ErrorCode; message: string; details?: Record<string, unknown> } };

/**
 * What a batch makes count once its answer is kept: the signatures of the items that succeeded, and,
 * under an Idempotency-Key, the approvals of items that failed for a passing reason (a time-stamp
 * authority down). Such an item is final once the answer is kept (every retry under the key gets that
 * answer, and an attempt whose answer lost never stores), so its approval can serve a new request.
 * Without a key, a failed item gave its approval back at once (its record id was its own).
 */
export interface BatchWrites {
  signatures: SignatureWrites[];
  approvalsGivenBack?: Array<{ approvalId: string; recordId: string }>;
}

/** Stores a kept batch's writes; a retry may repeat it. Answers kept by older versions hold the bare list. */
export async function storeBatchWrites(deps: SigningDeps, writes: BatchWrites | SignatureWrites[]): Promise<void> {
  const batch = Array.isArray(writes) ? { signatures: writes } : writes;
  await storeSignatures(deps, batch.signatures);
  // Each only while this batch's record id still holds the approval: another request's use is not touched.
  for (const { approvalId, recordId } of batch.approvalsGivenBack ?? []) await releaseApproval(deps.signing, approvalId, recordId);
}

/**
 * Many documents, one seal, one PIN: the key is opened once (one scrypt, one PIN attempt), then each
 * document is signed on its own. An item that fails (its approval, a broken PDF) is reported with its
 * code and does not stop the others: a third-party service can retry just the failed ones.
 *
 * Nothing is stored: like one signing, the answer is kept first and `writes` are stored after
 * (storeSignatures). Under an Idempotency-Key (`requestRef`) the batch and record ids come from the
 * request's reference, so every attempt of the request signs each item under the same record id.
 */
export async function batchSign(
  deps: SigningDeps,
  caller: Caller,
  input: { sealId: string; pin: string; items: BatchItem[]; requestRef?: string },
): Promise<{ batchCallId: string; results: BatchItemResult[]; writes: BatchWrites }> {
  if (input.items.length === 0 || input.items.length > deps.settings.maxBatchDocuments) {
    throw new SealError('VALIDATION_FAILED', `a batch holds 1 to ${deps.settings.maxBatchDocuments} documents`, {
      details: { count: input.items.length },
    });
  }
  const seal = await loadSigningSeal(deps.store, input.sealId, deps.clock(), deps.sealMaterial);
  authoriseSigning(caller, seal);
  assertPinSettled(seal);
  const key = await unlockSealKey(deps, seal, input.pin);
  const ref = input.requestRef;
  const batchCallId = ref ? `bsign_${ref}` : `bsign_${randomBytes(9).toString('base64url')}`;
  const results: BatchItemResult[] = [];
  const writes: SignatureWrites[] = [];
  const approvalsGivenBack: NonNullable<BatchWrites['approvalsGivenBack']> = [];
  for (const [i, item] of input.items.entries()) {
    const recordId = ref ? `sig_${ref}_${i}` : undefined;
    try {
      const prepared = await prepareSignature(deps, caller, seal, key, {
        ...item,
        batchCallId,
        ...(recordId ? { recordId } : {}),
      });
      results.push({ clientRef: item.clientRef, ok: true, record: prepared.result.record, signedPdf: prepared.result.signedPdf });
      writes.push(prepared.writes);
    } catch (error) {
      if (!isSealError(error) || error.code === 'INTERNAL') {
        await giveBackApprovals(deps, writes);
        throw error;
      }
      results.push({ clientRef: item.clientRef, ok: false, error: { code: error.code, message: error.message, details: error.details } });
      if (recordId && item.approvalId) approvalsGivenBack.push({ approvalId: item.approvalId, recordId });
    }
  }
  return { batchCallId, results, writes: { signatures: writes, ...(approvalsGivenBack.length > 0 ? { approvalsGivenBack } : {}) } };
}
