import { createHash } from 'node:crypto';
import { SealError, isZipFile, sm3Hex } from '@eseal/core';
import type { Caller } from '../../access';
import { isDuplicateKeyError, newId } from '../../store';
import { anchorPendingRow, type SigningRecordDoc } from '../../store/signing';
import { consumeApproval, releaseApproval } from './approval';
import { authoriseSigning } from './authorise-signing';
import { readPinState, unlockSealKey } from './pin-guard';
import { sealDocument, type SealDocumentOptions } from './seal-document';
import { sealOfdDocument } from './seal-ofd-document';
import type { SealedDocument } from './sealed-document';
import type { SigningDeps } from './signing-deps';
import { loadSigningSeal, type SigningSeal } from './signing-seal';
import { trackedTimeStampStep } from './time-stamping';

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

/** The writes that make a signature count: its record with the anchoring outbox row (see storeSignature). */
export interface SignatureWrites {
  record: SigningRecordDoc;
  /**
   * The record id belongs to this attempt alone (made fresh for it). Only then may a failure give the
   * approval back: under an Idempotency-Key every attempt shares the id, and another attempt may be
   * signing with that approval right now.
   */
  exclusive?: boolean;
}

export interface SigningIdentity {
  /**
   * The record id to sign under: a retry of one idempotent request passes the same id, so the
   * approval its first attempt consumed is recognised as its own. A fresh one when absent.
   */
  recordId?: string;
}

/**
 * Signs one document: the seal must be active, the caller its custodian or holder, an official seal
 * needs an unused approval for exactly this document, and the PIN must open the key. The signature is
 * made but not stored: the caller keeps the answer and the writes first (an idempotent request,
 * usecases/signing/idempotency.ts), then stores them with storeSignature.
 */
export async function prepareDocumentSignature(
  deps: SigningDeps,
  caller: Caller,
  input: SignDocumentInput & SigningIdentity,
): Promise<{ result: SignDocumentResult; writes: SignatureWrites }> {
  assertPdfSize(deps, input.document);
  // The PIN state is read alongside the seal: one round trip less on every signing.
  const [seal, pinState] = await Promise.all([
    loadSigningSeal(deps.store, input.sealId, deps.clock(), deps.sealMaterial),
    readPinState(deps, input.sealId),
  ]);
  authoriseSigning(caller, seal);
  assertPinSettled(seal);
  if (seal.needsApproval && input.approvalId === undefined) {
    // Before the PIN: a request that cannot succeed must not count as a PIN attempt.
    throw new SealError('APPROVAL_REQUIRED', 'an official seal needs an approved use request (approvalId)', {
      details: { sealId: seal.sealId },
    });
  }
  const key = await unlockSealKey(deps, seal, input.pin, pinState);
  return prepareSignature(deps, caller, seal, key, input);
}

/**
 * Stores a signature: the anchoring outbox row before the record, so a crash in between anchors a
 * signature nobody received (harmless evidence) and never leaves a delivered one unanchored. Safe to
 * repeat: a row or record already there (an earlier attempt's) is left as it is.
 */
export async function storeSignature(deps: SigningDeps, writes: SignatureWrites): Promise<void> {
  try {
    await writeSignature(deps, writes);
  } catch (error) {
    await giveBackApprovals(deps, [writes]);
    throw error;
  }
}

/** Signatures that will not be stored give back their approvals, where the record id is their attempt's own. */
export async function giveBackApprovals(deps: Pick<SigningDeps, 'signing'>, writes: readonly SignatureWrites[]): Promise<void> {
  for (const { exclusive, record } of writes) {
    if (exclusive && record.approvalId) await releaseApproval(deps.signing, record.approvalId, record._id);
  }
}

/** Stores the signatures of a batch in order; a failure gives back the approvals of those not stored. */
export async function storeSignatures(deps: SigningDeps, writes: readonly SignatureWrites[]): Promise<void> {
  for (const [i, w] of writes.entries()) {
    try {
      await storeSignature(deps, w);
    } catch (error) {
      await giveBackApprovals(deps, writes.slice(i + 1));
      throw error;
    }
  }
}

async function writeSignature(deps: SigningDeps, { record, exclusive }: SignatureWrites): Promise<void> {
  // A record id of this attempt alone has no earlier attempt: the check would cost every plain signing
  // a round trip for nothing.
  if (!exclusive && (await storedAlready(deps, record))) return;
  const insertOnce = async (insert: () => Promise<unknown>) => {
    try {
      await insert();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  };
  // The driver's insert, not Model.create: the record is built right here with its exact types, and
  // mongoose's document machinery cost ~2.5 ms of CPU per signing in the API benchmark. Batched with
  // concurrent signings' inserts (store/insert-batcher.ts): one command per round trip, not per signing.
  await insertOnce(() => deps.signing.signingInserts.anchorPending.insert(anchorPendingRow(record)));
  await insertOnce(() => deps.signing.signingInserts.records.insert(record));
  deps.anchorNudge?.recordsWritten(1);
  deps.metrics?.signings.inc();
}

/**
 * Stored already (the record is written last): a replay must not put the outbox row back, or a
 * record anchored meanwhile (its row gone) would be anchored again and the ledger would refuse the
 * whole batch. Found by the long soak run: anchoring stopped at 128 of 1,171 records.
 */
async function storedAlready(deps: SigningDeps, record: SigningRecordDoc): Promise<boolean> {
  const stored = (await deps.signing.records.collection.findOne({ _id: record._id as never }, { projection: { signatureSm3: 1 } })) as Pick<
    SigningRecordDoc,
    'signatureSm3'
  > | null;
  if (!stored) return false;
  if (stored.signatureSm3 === record.signatureSm3) return true;
  // The same record id for another signature: an Idempotency-Key used again for the same request after
  // it expired. The stored record stands; this signature is never delivered.
  throw new SealError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for a signature already stored; use a new key', {
    details: { header: 'Idempotency-Key', recordId: record._id },
  });
}

/** The part after the key is open; batch signing opens the key once and calls this per document. */
export async function prepareSignature(
  deps: SigningDeps,
  caller: Caller,
  seal: SigningSeal,
  key: Parameters<typeof sealDocument>[2],
  input: Omit<SignDocumentInput, 'pin' | 'sealId'> & SigningIdentity & { batchCallId?: string },
): Promise<{ result: SignDocumentResult; writes: SignatureWrites }> {
  assertPdfSize(deps, input.document);
  const exclusive = input.recordId === undefined;
  const recordId = input.recordId ?? newId('sig');
  // GB/T 38540 timeInfo keeps whole seconds, and the record and the ledger use the same instant.
  // Rounded up, not down: a seal issued (or renewed) earlier in this same second must already be in
  // force at the recorded time, or the ledger would judge the signature as made before it.
  const signedAt = new Date(Math.ceil(deps.clock().getTime() / 1000) * 1000);
  const documentHash = createHash('sm3').update(input.document);
  const documentSm3Before = documentHash.copy().digest('hex');
  const approval = seal.needsApproval
    ? await consumeApproval(deps.signing, input.approvalId, {
        sealId: seal.sealId,
        documentSm3: documentSm3Before,
        recordId,
        now: deps.clock(),
      })
    : undefined;
  const timeStamping = trackedTimeStampStep(deps.timeStamping);
  const timeStamp = timeStamping?.step;
  try {
    const signed = isZipFile(input.document)
      ? await sealOfdDocument(input.document, seal, key, signedAt, { ...input, ...(timeStamp ? { timeStamp } : {}) })
      : await sealPdfDocument(
          input.document,
          seal,
          key,
          signedAt,
          { ...input, pdfTimeBudgetMs: deps.settings.pdfTimeBudgetMs, ...(timeStamp ? { timeStamp } : {}) },
          documentHash,
        );
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
      documentSm3After: signed.documentSm3After,
      signatureSm3: sm3Hex(signed.container),
      ...(timeStamping?.obtained() ? { sesSignature: Buffer.from(signed.container).toString('base64') } : {}),
      signedAt,
      fieldName: signed.fieldName,
      pages: signed.pages,
      byteRange: signed.byteRange,
      ...(input.batchCallId ? { batchCallId: input.batchCallId } : {}),
      createdAt: signedAt,
      updatedAt: signedAt,
    };
    const result = {
      record,
      signedPdf: signed.document,
      ...(signed.repairs && signed.repairs.length > 0 ? { repaired: signed.repairs } : {}),
    };
    return { result, writes: { record, ...(exclusive ? { exclusive } : {}) } };
  } catch (error) {
    if (approval && exclusive) await releaseApproval(deps.signing, approval._id, recordId);
    throw error;
  }
}

/** Before the PIN: a one-time PIN must be replaced by the custodian first (change-pin.ts). */
export function assertPinSettled(seal: SigningSeal): void {
  if (seal.pinChangeRequired) {
    throw new SealError(
      'PIN_CHANGE_REQUIRED',
      "the seal's PIN was set by someone else; its custodian must change it first (POST /seals/{sealId}/pin)",
      { details: { sealId: seal.sealId } },
    );
  }
}

async function sealPdfDocument(
  pdf: Uint8Array,
  seal: SigningSeal,
  key: Parameters<typeof sealDocument>[2],
  at: Date,
  options: SealDocumentOptions,
  documentHash: ReturnType<typeof createHash>,
): Promise<SealedDocument> {
  const signed = await sealDocument(pdf, seal, key, at, options);
  // The signed file is the input plus one appended update (signPdf's contract: bytes [0, originalLength)
  // are the input, unchanged), so the hash of the input is carried on instead of hashing it twice.
  const documentSm3After =
    signed.originalLength === pdf.length
      ? documentHash.update(signed.pdf.subarray(signed.originalLength)).digest('hex')
      : sm3Hex(signed.pdf);
  return {
    document: signed.pdf,
    container: signed.container,
    documentSm3After,
    fieldName: signed.fieldName,
    pages: signed.pages,
    byteRange: [...signed.byteRange],
    repairs: signed.repairs,
  };
}

export function assertPdfSize(deps: { settings: { maxDocumentBytes: number } }, pdf: Uint8Array): void {
  const ofd = isZipFile(pdf);
  if (pdf.length > deps.settings.maxDocumentBytes) {
    throw new SealError(ofd ? 'OFD_TOO_LARGE' : 'PDF_TOO_LARGE', `the document is larger than ${deps.settings.maxDocumentBytes} bytes`, {
      details: { bytes: pdf.length, limit: deps.settings.maxDocumentBytes },
    });
  }
  if (!ofd && (pdf.length < 8 || Buffer.from(pdf.subarray(0, 1024)).indexOf('%PDF-') < 0)) {
    throw new SealError('PDF_MALFORMED', 'the document is neither a PDF (no %PDF- header) nor an OFD (no zip header)');
  }
}
