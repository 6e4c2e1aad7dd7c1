import { createHash } from 'node:crypto';
import { SealError, sm3Hex } from '@eseal/core';
import type { Caller } from '../../access';
import { newId } from '../../store';
import type { SigningRecordDoc } from '../../store/signing';
import { consumeApproval, releaseApproval } from './approval';
import { authoriseSigning } from './authorise-signing';
import { readPinState, unlockSealKey } from './pin-guard';
import { sealDocument, type SealDocumentOptions } from './seal-document';
import type { SigningDeps } from './signing-deps';
import { loadSigningSeal, type SigningSeal } from './signing-seal';

export interface SignDocumentInput extends SealDocumentOptions {
  sealId: string;
  pin: string;
  /** The approved 用章审批 for this document; required for official seals. */
  approvalId?: string;
  document: Uint8Array;
}

export interface SignDocumentResult {
  record: SigningRecordDoc;
  signedPdf: Uint8Array;
  /** What reading the input had to repair (a broken xref, a wrong page-tree /Count); absent for a well-formed file. */
  repaired?: string[];
}

/**
 * Signs one document: the seal must be active, the caller its custodian or holder, an official seal
 * needs an unused approval for exactly this document, and the PIN must open the key. The record and
 * its anchoring outbox row are one document, written in one insert.
 */
export async function signDocument(deps: SigningDeps, caller: Caller, input: SignDocumentInput): Promise<SignDocumentResult> {
  assertPdfSize(deps, input.document);
  // The PIN state is read alongside the seal: one round trip less on every signing.
  const [seal, pinState] = await Promise.all([loadSigningSeal(deps.store, input.sealId, deps.clock(), deps.sealMaterial), readPinState(deps, input.sealId)]);
  authoriseSigning(caller, seal);
  assertPinSettled(seal);
  if (seal.needsApproval && input.approvalId === undefined) {
    // Before the PIN: a request that cannot succeed must not count as a PIN attempt.
    throw new SealError('APPROVAL_REQUIRED', 'an official seal needs an approved use request (approvalId)', { details: { sealId: seal.sealId } });
  }
  const key = await unlockSealKey(deps, seal, input.pin, pinState);
  return signWithKey(deps, caller, seal, key, input);
}

/** The part after the key is open; batch signing opens the key once and calls this per document. */
export async function signWithKey(
  deps: SigningDeps,
  caller: Caller,
  seal: SigningSeal,
  key: Parameters<typeof sealDocument>[2],
  input: Omit<SignDocumentInput, 'pin' | 'sealId'> & { batchCallId?: string },
): Promise<SignDocumentResult> {
  assertPdfSize(deps, input.document);
  const recordId = newId('sig');
  // GB/T 38540 timeInfo keeps whole seconds, and the record and the ledger use the same instant.
  // Rounded up, not down: a seal issued (or renewed) earlier in this same second must already be in
  // force at the recorded time, or the ledger would judge the signature as made before it.
  const signedAt = new Date(Math.ceil(deps.clock().getTime() / 1000) * 1000);
  // The signed file is the input plus one appended update (signPdf's contract: bytes [0, originalLength)
  // are the input, unchanged), so the hash of the input is carried on instead of hashing it twice.
  const documentHash = createHash('sm3').update(input.document);
  const documentSm3Before = documentHash.copy().digest('hex');
  const approval = seal.needsApproval
    ? await consumeApproval(deps.signing, input.approvalId, { sealId: seal.sealId, documentSm3: documentSm3Before, recordId, now: deps.clock() })
    : undefined;
  try {
    const signed = await sealDocument(input.document, seal, key, signedAt, { ...input, pdfTimeBudgetMs: deps.settings.pdfTimeBudgetMs });
    const record: SigningRecordDoc = {
      _id: recordId,
      unitId: seal.unitId,
      sealId: seal.sealId,
      sealCode: seal.sealCode,
      sealKind: seal.kind,
      signerId: caller.id,
      ...(caller.personId ? { signerPersonId: caller.personId } : {}),
      ...(approval ? { approvalId: approval._id } : {}),
      documentSm3Before,
      documentSm3After: signed.originalLength === input.document.length ? documentHash.update(signed.pdf.subarray(signed.originalLength)).digest('hex') : sm3Hex(signed.pdf),
      signatureSm3: sm3Hex(signed.container),
      signedAt,
      fieldName: signed.fieldName,
      pages: signed.pages,
      byteRange: [...signed.byteRange],
      ...(input.batchCallId ? { batchCallId: input.batchCallId } : {}),
      anchor: { state: 'PENDING', attempts: 0 },
      createdAt: signedAt,
      updatedAt: signedAt,
    };
    // The driver's insert, not Model.create: the record is built right here with its exact types, and
    // mongoose's document machinery cost ~2.5 ms of CPU per signing in the API benchmark.
    await deps.signing.records.collection.insertOne(record as unknown as Parameters<typeof deps.signing.records.collection.insertOne>[0]);
    deps.anchorNudge?.recordsWritten(1);
    return { record, signedPdf: signed.pdf, ...(signed.repairs.length > 0 ? { repaired: signed.repairs } : {}) };
  } catch (error) {
    if (approval) await releaseApproval(deps.signing, approval._id, recordId);
    throw error;
  }
}

/** Before the PIN: a one-time PIN must be replaced by the custodian first (change-pin.ts). */
export function assertPinSettled(seal: SigningSeal): void {
  if (seal.pinChangeRequired) {
    throw new SealError('PIN_CHANGE_REQUIRED', 'the seal\'s PIN was set by someone else; its custodian must change it first (POST /seals/{sealId}/pin)', { details: { sealId: seal.sealId } });
  }
}

export function assertPdfSize(deps: { settings: { maxDocumentBytes: number } }, pdf: Uint8Array): void {
  if (pdf.length > deps.settings.maxDocumentBytes) {
    throw new SealError('PDF_TOO_LARGE', `the document is larger than ${deps.settings.maxDocumentBytes} bytes`, { details: { bytes: pdf.length, limit: deps.settings.maxDocumentBytes } });
  }
  if (pdf.length < 8 || Buffer.from(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0) {
    throw new SealError('PDF_MALFORMED', 'the document is not a PDF (no %PDF- header)');
  }
}

