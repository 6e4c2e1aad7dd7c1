import { randomBytes } from 'node:crypto';
import { SealError, isSealError, type ErrorCode } from '@eseal/core';
import type { Caller } from '../../access';
import type { SigningRecordDoc } from '../../store/signing';
import { authoriseSigning } from './authorise-signing';
import { unlockSealKey } from './pin-guard';
import type { SealDocumentOptions } from './seal-document';
import { assertPinSettled, signWithKey } from './sign-document';
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
 * Many documents, one seal, one PIN: the key is opened once (one scrypt, one PIN attempt), then each
 * document is signed on its own. An item that fails (its approval, a broken PDF) is reported with its
 * code and does not stop the others: a third-party service can retry just the failed ones.
 */
export async function batchSign(
  deps: SigningDeps,
  caller: Caller,
  input: { sealId: string; pin: string; items: BatchItem[] },
): Promise<{ batchCallId: string; results: BatchItemResult[] }> {
  if (input.items.length === 0 || input.items.length > deps.settings.maxBatchDocuments) {
    throw new SealError('VALIDATION_FAILED', `a batch holds 1 to ${deps.settings.maxBatchDocuments} documents`, {
      details: { count: input.items.length },
    });
  }
  const seal = await loadSigningSeal(deps.store, input.sealId, deps.clock(), deps.sealMaterial);
  authoriseSigning(caller, seal);
  assertPinSettled(seal);
  const key = await unlockSealKey(deps, seal, input.pin);
  const batchCallId = `bsign_${randomBytes(9).toString('base64url')}`;
  const results: BatchItemResult[] = [];
  for (const item of input.items) {
    try {
      const { record, signedPdf } = await signWithKey(deps, caller, seal, key, { ...item, batchCallId });
      results.push({ clientRef: item.clientRef, ok: true, record, signedPdf });
    } catch (error) {
      if (!isSealError(error) || error.code === 'INTERNAL') throw error;
      results.push({ clientRef: item.clientRef, ok: false, error: { code: error.code, message: error.message, details: error.details } });
    }
  }
  return { batchCallId, results };
}
