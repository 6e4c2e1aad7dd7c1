import { createHash } from 'node:crypto';
import { SealError, isSealError, isZipFile, sm3Hex, type ErrorCode } from '@eseal/core';
import type { Caller } from '../../access';
import { newId } from '../../store';
import type { SigningRecordDoc } from '../../store/signing';
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

/**
 * Signatures that will not be stored give back their approvals, where the record id is their attempt's
 * own, and only when nothing of the signature is in the store: a write that failed may still have been
 * made (a connection lost after the server applied it), and an outbox row may already be anchored. When
 * the store cannot be read either, the approval stays taken: refusing a signing beats two of them.
 */
export async function giveBackApprovals(deps: Pick<SigningDeps, 'signing'>, writes: readonly SignatureWrites[]): Promise<void> {
  for (const { exclusive, record } of writes) {
    if (!exclusive || !record.approvalId) continue;
    const traces = await deps.signing.signingRecordRepository.traces(record._id).catch(() => undefined);
    if (traces && !traces.record && !traces.outboxRow && !traces.anchorResult)
      await releaseApproval(deps.signing, record.approvalId, record._id);
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
  const earlier = exclusive ? undefined : await earlierWrites(deps, record);
  if (earlier?.record) return;
  // An earlier attempt's row that was anchored meanwhile (its result stored, its row gone) must not
  // come back: the ledger would refuse the next batch for holding an anchored signature, and with it
  // every batch after (no record would anchor any more).
  if (!earlier?.anchorResult) await deps.signing.signingRecordRepository.queueForAnchoring(record);
  await deps.signing.signingRecordRepository.insert(record);
  deps.anchorNudge?.recordsWritten(1);
  deps.metrics?.signings.inc();
}

/**
 * What an earlier attempt under the same record id stored. A replay must not put the outbox row back
 * once the record is there (found by the long soak run: anchoring stopped at 128 of 1,171 records) or
 * once the row was anchored; a record of another signature means the key was used again.
 */
async function earlierWrites(deps: SigningDeps, record: SigningRecordDoc) {
  const traces = await deps.signing.signingRecordRepository.traces(record._id);
  if (traces.record && traces.record.signatureSm3 !== record.signatureSm3) {
    // The same record id for another signature: an Idempotency-Key used again for the same request after
    // it expired. The stored record stands; this signature is never delivered.
    throw new SealError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was used for a signature already stored; use a new key', {
      details: { header: 'Idempotency-Key', recordId: record._id },
    });
  }
  return traces;
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
    // Under an Idempotency-Key another attempt may be signing with this approval, unless this failure is
    // one every attempt of the request meets in the same way (its document or its placement).
    if (approval && (exclusive || failsEveryAttempt(error))) await releaseApproval(deps.signing, approval._id, recordId);
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

/**
 * Refusals that depend only on the request (the document and the placement, the same in every attempt
 * under one key), not on the moment: not a TSA or store outage, not the PDF time budget.
 */
const REFUSED_FOR_ITS_INPUT: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'VALIDATION_FAILED',
  'PDF_MALFORMED',
  'PDF_ENCRYPTED',
  'PDF_TOO_LARGE',
  'PDF_PAGE_OUT_OF_RANGE',
  'PDF_ANCHOR_NOT_FOUND',
  'PDF_PAGE_TOO_SMALL',
  'OFD_MALFORMED',
  'OFD_TOO_LARGE',
  'OFD_UNSAFE_CONTENT',
  'OFD_PAGE_OUT_OF_RANGE',
]);

function failsEveryAttempt(error: unknown): boolean {
  return isSealError(error) && REFUSED_FOR_ITS_INPUT.has(error.code);
}
