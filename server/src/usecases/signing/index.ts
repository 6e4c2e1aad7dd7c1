/** Signing use cases: 用章审批, signing one or many documents, verification, signing records. */
export * from './signing-deps';
export { NO_BATCHES_KNOWN, recordsAnchorLocator, verificationLedgerOf, type AnchorLocator } from './ledger-view';
export { requestUse, decideUse, getUseRequest, type UseRequestInput, type UseDecision } from './use-requests';
export { listUseRequests, type ListUseRequestsQuery } from './list-use-requests';
export {
  prepareDocumentSignature,
  storeSignature,
  storeSignatures,
  type SignDocumentInput,
  type SignDocumentResult,
  type SignatureWrites,
} from './sign-document';
export { batchSign, storeBatchWrites, type BatchItem, type BatchItemResult, type BatchWrites } from './batch-sign';
export { withIdempotency, requestFingerprint, expireIdempotencyKeys, type IdempotentWork } from './idempotency';
export { listSigningRecords, getSigningRecord, type RecordQuery, type RecordPage } from './signing-records';
export { verifyDocument } from './verify-document';
export { VerificationPool, type DocumentVerifier, type VerificationPoolOptions } from './verification/verification-pool';
export type { RequestedPlacement, PageCorner } from './placement';
export { loadSigningSeal, SealMaterialCache, type SigningSeal } from './signing-seal';
export { anchorLedgerOf } from './anchor-ledger';
export { UnlockedKeyCache } from './unlocked-keys';
export { getProofBundle } from './proof-bundle';
export { resetPinLock } from './reset-pin-lock';
export { changeSealPin, type ChangePinInput } from './change-pin';
export { signingRecordView, type SigningRecordView, type AnchorView } from './record-view';
export { useRequestView, type UseRequestView } from './use-request-view';
