import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The public lookup index (`public_lookup_keys`): one document per value the public may look up,
 * `_id` = `<kind>:<value>`, so every lookup is an `_id` lookup (FerretDB v1 scans for anything else).
 * Insert-only, written where records are anchored and where court receipts are confirmed; a repeat
 * of the same write is a duplicate key and changes nothing.
 *
 *   signed:<sm3>          the document a signature of ours produced
 *   original:<sm3>        the document before that signature (the first signature of it, if several)
 *   tx:<ledger tx id>     an anchoring transaction
 *   txdoc:<tx id>:<sm3>   a document (signed or original) anchored in that transaction
 *   evidence:<number>     a court chain's evidence number (存证编号) from a confirmed relay receipt
 *   txevidence:<tx id>    the first confirmed court receipt of an anchoring transaction (the portal's timeline)
 */
export type LookupKeyKind = 'signed' | 'original' | 'tx' | 'txdoc' | 'evidence' | 'txevidence';

/** What a signature shows publicly: what the signed document itself shows, plus where it is anchored. */
export interface ShownSignature {
  sealCode: string;
  sealName: string;
  signedAt: string;
  documentSm3: string;
  originalSm3: string;
  ledgerTxId: string;
  anchoredAt: string;
  merkleRoot: string;
}

export interface ShownTransaction {
  ledgerTxId: string;
  anchoredAt: string;
  merkleRoot: string;
  signatureCount: number;
}

export interface ShownEvidence {
  evidenceNumber: string;
  courtChain: string;
  courtTxHash: string;
  courtBlockHeight: number;
  recordedAt: string;
  ledgerTxId: string;
  /** What the evidence is: anchored signatures, or a seal's lifecycle event. */
  subject: { kind: 'SIGNATURES' } | { kind: 'SEAL_EVENT'; sealCode: string; event: string };
}

export interface LookupKeyDoc {
  _id: string;
  kind: LookupKeyKind;
  /** The only part a public answer is built from. */
  shown: ShownSignature | ShownTransaction | ShownEvidence;
  /** Links for accounts that may read more (a court handed the document): never in a public answer. */
  recordId?: string;
  unitId?: string;
  /** tx: the signing records of the batch, with their unit and signed document (webhooks of a court receipt). */
  recordIds?: string[];
  members?: Array<{ recordId: string; unitId: string; documentSm3: string }>;
  batchId?: string;
  sealCode?: string;
  createdAt: Date;
}

const lookupKeySchema = new Schema<LookupKeyDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    shown: { type: Schema.Types.Mixed, required: true },
    recordId: String,
    unitId: String,
    recordIds: { type: [String], default: undefined },
    members: { type: Schema.Types.Mixed, default: undefined },
    batchId: String,
    sealCode: String,
    createdAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export function lookupKeyModel(connection: Connection): Model<LookupKeyDoc> {
  return connection.models.PublicLookupKey ?? connection.model<LookupKeyDoc>('PublicLookupKey', lookupKeySchema, 'public_lookup_keys');
}

export const lookupKeyId = (kind: Exclude<LookupKeyKind, 'txdoc'>, value: string): string => `${kind}:${value}`;
export const txDocumentKeyId = (txId: string, documentSm3: string): string => `txdoc:${txId}:${documentSm3}`;
