import type { Connection, Model } from 'mongoose';
import {
  anchorBatchModel,
  anchorPendingModel,
  anchorResultModel,
  anchoredSignatureModel,
  type AnchorBatchDoc,
  type AnchoredSignatureDoc,
  type AnchorPendingDoc,
  type AnchorResultDoc,
} from './anchor-outbox.model';
import { idempotencyAnswerModel, idempotencyModel, type IdempotencyAnswerDoc, type IdempotencyDoc } from './idempotency.model';
import { pinFailureModel, type PinFailureDoc } from './pin-failure.model';
import { pinGuardModel, type PinGuardDoc } from './pin-guard.model';
import { signingClaimModel, type SigningClaimDoc } from './signing-claim.model';
import { signingRecordModel, type SigningRecordDoc } from './signing-record.model';
import { useRequestModel, type UseRequestDoc } from './use-request.model';
import { useRequestRepository, type UseRequestRepository } from './use-request-repository';

/** The collections of signing: approvals, records and their anchoring state, PIN state, claims, idempotency keys. */
export interface SigningStore {
  /** 用章审批 requests: use cases go through this repository (its decision and use claims). */
  readonly useRequestRepository: UseRequestRepository;
  /** The requests' model, still read and written by `usecases/signing/approval.ts` (docs/ARCHITECTURE.md, "Known debt"). */
  readonly useRequests: Model<UseRequestDoc>;
  readonly records: Model<SigningRecordDoc>;
  readonly pinGuards: Model<PinGuardDoc>;
  readonly pinFailures: Model<PinFailureDoc>;
  readonly claims: Model<SigningClaimDoc>;
  readonly idempotency: Model<IdempotencyDoc>;
  readonly idempotencyAnswers: Model<IdempotencyAnswerDoc>;
  readonly anchorPending: Model<AnchorPendingDoc>;
  readonly anchorBatches: Model<AnchorBatchDoc>;
  readonly anchorResults: Model<AnchorResultDoc>;
  readonly anchoredSignatures: Model<AnchoredSignatureDoc>;
}

export function createSigningStore(connection: Connection): SigningStore {
  const useRequests = useRequestModel(connection);
  const claims = signingClaimModel(connection);
  const records = signingRecordModel(connection);
  const anchorPending = anchorPendingModel(connection);
  return {
    useRequestRepository: useRequestRepository(useRequests, claims),
    useRequests,
    records,
    pinGuards: pinGuardModel(connection),
    pinFailures: pinFailureModel(connection),
    claims,
    idempotency: idempotencyModel(connection),
    idempotencyAnswers: idempotencyAnswerModel(connection),
    anchorPending,
    anchorBatches: anchorBatchModel(connection),
    anchorResults: anchorResultModel(connection),
    anchoredSignatures: anchoredSignatureModel(connection),
  };
}

export async function ensureSigningIndexes(store: SigningStore): Promise<void> {
  for (const model of [
    store.useRequests,
    store.records,
    store.pinGuards,
    store.pinFailures,
    store.claims,
    store.idempotency,
    store.idempotencyAnswers,
    store.anchorPending,
    store.anchorBatches,
    store.anchorResults,
    store.anchoredSignatures,
  ]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
