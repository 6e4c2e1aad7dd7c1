import { Schema, type Connection, type Model } from 'mongoose';
import {
  SEAL_KIND_CODES,
  SEAL_STATUSES,
  type DocumentRef,
  type FilingEvent,
  type RevocationReason,
  type SealKind,
  type SealStatus,
} from '../domain';
import { documentRefSchema } from './application.model';

export type LedgerOpType = 'ISSUE' | 'CHANGE' | 'RENEW' | 'REVOKE';
export type LedgerOpState = 'PENDING' | 'DONE';

/**
 * One ledger transaction this seal still owes or has made: the outbox lives in the seal document,
 * written in the same single-document update as the state change it describes (FerretDB has no
 * multi-document transactions). Ops run in array order; the reconciler retries PENDING ones.
 */
export interface LedgerOp {
  opId: string;
  type: LedgerOpType;
  /** The exact chaincode input, JSON, so a retry sends the same transaction content. */
  input: string;
  state: LedgerOpState;
  attempts: number;
  txId?: string;
  lastError?: string;
  createdAt: Date;
}

export type FilingState = 'PENDING' | 'ACKED' | 'FAILED';

/** One filing (备案) the seal needs, in order; the full record and ack live in the filings collection. */
export interface SealFilingRef {
  filingId: string;
  action: FilingEvent;
  state: FilingState;
  ackId?: string;
  filedAt?: string;
  error?: string;
}

export interface CertificateFactsDoc {
  serial: string;
  sm3: string;
  notBefore: string;
  notAfter: string;
}

export interface SealDoc {
  _id: string;
  unitId: string;
  applicationId: string;
  kind: SealKind;
  status: SealStatus;
  sealCode: string;
  /**
   * GB/T 38540 esID in the seal data and the seal's key on the ledger: the seal code, set when the seal
   * is made. Absent on seals made before esID was the code; theirs is `_id` (read it with esIdOf).
   */
  esId?: string;
  displayName: string;
  /** Text of the seal kind as engraved, e.g. 合同专用章. */
  sealName: string;
  custodianId?: string;
  holderPersonId?: string;
  keyId?: string;
  certificate?: CertificateFactsDoc;
  imprintSm3?: string;
  imprintWidthMm?: number;
  imprintHeightMm?: number;
  imprintSource?: 'ENGRAVING_SYSTEM' | 'RENDERED';
  /**
   * Names the seal data (SESeal and imprint) in seal_artifacts (seal-artifact.model.ts). Seals written
   * before that collection existed carry it inline as `seseal` and `imprintPng`: read by readSealData only.
   */
  sesealSm3?: string;
  rejectionReason?: string;
  revocation?: { reason: RevocationReason; materials: DocumentRef<string>[]; reportedCompromiseAt?: string; at: string };
  replacingSealId?: string;
  replacedBySealId?: string;
  /**
   * Unique across the collection: the unit id while this is a live legal-name seal, the seal's own
   * id otherwise. The unique index then lets only one live legal-name seal per unit exist, even when
   * two requests race past the rule check (a partial index would be neater; FerretDB has none).
   */
  legalNameSlot: string;
  ledgerOps: LedgerOp[];
  filings: SealFilingRef[];
  /** Optimistic concurrency: every update matches and increments it. */
  revision: number;
  createdAt: Date;
  updatedAt: Date;
}

const ledgerOpSchema = new Schema<LedgerOp>(
  {
    opId: { type: String, required: true },
    type: { type: String, required: true },
    input: { type: String, required: true },
    state: { type: String, required: true },
    attempts: { type: Number, required: true },
    txId: String,
    lastError: String,
    createdAt: { type: Date, required: true },
  },
  { _id: false },
);

const filingRefSchema = new Schema<SealFilingRef>(
  {
    filingId: { type: String, required: true },
    action: { type: String, required: true },
    state: { type: String, required: true },
    ackId: String,
    filedAt: String,
    error: String,
  },
  { _id: false },
);

const sealSchema = new Schema<SealDoc>(
  {
    _id: { type: String, required: true },
    unitId: { type: String, required: true },
    applicationId: { type: String, required: true },
    kind: { type: String, enum: SEAL_KIND_CODES, required: true },
    status: { type: String, enum: SEAL_STATUSES, required: true },
    sealCode: { type: String, required: true },
    esId: String,
    displayName: { type: String, required: true },
    sealName: { type: String, required: true },
    custodianId: String,
    holderPersonId: String,
    keyId: String,
    certificate: {
      type: new Schema<CertificateFactsDoc>({ serial: String, sm3: String, notBefore: String, notAfter: String }, { _id: false }),
    },
    imprintSm3: String,
    imprintWidthMm: Number,
    imprintHeightMm: Number,
    imprintSource: String,
    sesealSm3: String,
    rejectionReason: String,
    revocation: {
      type: new Schema({ reason: String, materials: [documentRefSchema], reportedCompromiseAt: String, at: String }, { _id: false }),
    },
    replacingSealId: String,
    replacedBySealId: String,
    legalNameSlot: { type: String, required: true, unique: true },
    ledgerOps: { type: [ledgerOpSchema], default: [] },
    filings: { type: [filingRefSchema], default: [] },
    revision: { type: Number, required: true, default: 0 },
  },
  { timestamps: true, versionKey: false },
);
// Seal data inline, as seals written before seal_artifacts existed hold it. Not in SealDoc, so nothing
// writes it now; kept in the schema so a transition claimed back then (its $set carries the data) still
// applies in full when rolled forward, instead of losing the fields to strict mode.
sealSchema.add(new Schema({ seseal: Buffer, imprintPng: Buffer }, { _id: false }));
sealSchema.index({ unitId: 1, status: 1, kind: 1 });
sealSchema.index({ status: 1 });
sealSchema.index({ 'ledgerOps.state': 1 });
sealSchema.index({ 'certificate.notAfter': 1 });

export function sealModel(connection: Connection): Model<SealDoc> {
  return connection.models.Seal ?? connection.model<SealDoc>('Seal', sealSchema, 'seals');
}
