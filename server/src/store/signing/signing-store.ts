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
import {
  idempotencyAnswerModel,
  idempotencyAnswerPartModel,
  idempotencyModel,
  type IdempotencyAnswerDoc,
  type IdempotencyDoc,
} from './idempotency.model';
import { pinFailureModel, type PinFailureDoc } from './pin-failure.model';
import { pinGuardModel, type PinGuardDoc } from './pin-guard.model';
import { signingClaimModel, type SigningClaimDoc } from './signing-claim.model';
import { signingRecordModel, type SigningRecordDoc } from './signing-record.model';
import { useRequestModel } from './use-request.model';
import { useRequestRepository, type UseRequestRepository } from './use-request-repository';
import { signingRecordRepository, type SigningRecordRepository } from './signing-record-repository';
import { pinGuardRepository, type PinGuardRepository } from './pin-guard-repository';
import { idempotencyRepository, type IdempotencyRepository } from './idempotency-repository';

/** The collections of signing: approvals, records and their anchoring state, PIN state, claims, idempotency keys. */
export interface SigningStore {
  /** 用章审批 requests: use cases go through this repository (its decision and use claims). */
  readonly useRequestRepository: UseRequestRepository;
  /** 签章记录 and their anchoring outbox rows: use cases store and read signatures through it. */
  readonly signingRecordRepository: SigningRecordRepository;
  /** PIN guards, counted wrong PINs and the one replacement of a key: use cases go through this repository. */
  readonly pinGuardRepository: PinGuardRepository;
  /** Idempotency-Keys, their kept answers and the claims of retries: use cases go through this repository. */
  readonly idempotencyRepository: IdempotencyRepository;
  /** The models below serve the repositories of this folder, the anchor outbox, readers wired in composition/ and tests. */
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
  const anchorResults = anchorResultModel(connection);
  const pinGuards = pinGuardModel(connection);
  const pinFailures = pinFailureModel(connection);
  const idempotency = idempotencyModel(connection);
  const idempotencyAnswers = idempotencyAnswerModel(connection);
  return {
    useRequestRepository: useRequestRepository(useRequests, claims),
    signingRecordRepository: signingRecordRepository(records, anchorPending, anchorResults),
    pinGuardRepository: pinGuardRepository(pinGuards, pinFailures, claims),
    idempotencyRepository: idempotencyRepository(idempotency, idempotencyAnswers, idempotencyAnswerPartModel(connection), claims),
    records,
    pinGuards,
    pinFailures,
    claims,
    idempotency,
    idempotencyAnswers,
    anchorPending,
    anchorBatches: anchorBatchModel(connection),
    anchorResults,
    anchoredSignatures: anchoredSignatureModel(connection),
  };
}

export async function ensureSigningIndexes(store: SigningStore): Promise<void> {
  for (const model of [
    // The requests' model is the repository's alone: found again by name on the records' connection.
    useRequestModel(store.records.db),
    store.records,
    store.pinGuards,
    store.pinFailures,
    store.claims,
    store.idempotency,
    store.idempotencyAnswers,
    // Created up front like the others: two first inserts at once race on FerretDB's CREATE TABLE.
    idempotencyAnswerPartModel(store.records.db),
    store.anchorPending,
    store.anchorBatches,
    store.anchorResults,
    store.anchoredSignatures,
  ]) {
    await model.createCollection().catch(() => undefined);
    await model.createIndexes();
  }
}
