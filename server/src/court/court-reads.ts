import { SealError, type ProofBundleV2 } from '@eseal/core';
import type { Model } from 'mongoose';
import { assertAllowed, type Caller } from '../access';
import { lookupKeyId, type LookupKeyDoc, type ShownEvidence } from '../public-lookup';
import type { RelayDoc } from '../relay';
import type { SealDoc, UnitDoc } from '../store';
import { findByIdRaw } from '../store/ferretdb';
import { readAnchorStatus, type AnchorStatus, type SigningRecordDoc, type SigningStore } from '../store/signing';
import { documentBundleFrom, producing, type EvidenceDeps } from '../usecases/evidence';
import type { EvidenceReadDoc } from './evidence-read.model';
import { recordCourtReads } from './record-reads';

export interface CourtReadDeps extends EvidenceDeps {
  readonly signing: Pick<SigningStore, 'records' | 'signingRecordRepository' | 'anchorResults'>;
  readonly units: Pick<Model<UnitDoc>, 'collection'>;
  readonly seals: Pick<Model<SealDoc>, 'collection'>;
  /** A batch's relays as they stand (receipts and state derived from the relay's facts). */
  readonly relaysOfBatch: (batchId: string) => Promise<readonly RelayDoc[]>;
  readonly lookupKeys: Pick<Model<LookupKeyDoc>, 'collection'>;
  readonly reads: Model<EvidenceReadDoc>;
  readonly clock: () => Date;
}

/** A signature as a court reads it: the full signing record, its unit and seal, its anchoring and court-chain receipts. */
export interface CourtSignatureView {
  recordId: string;
  unit: { id: string; name?: string };
  seal: { id: string; code: string; name?: string; kind: string };
  signerId: string;
  signerPersonId?: string;
  signedAt: string;
  documentSm3Before: string;
  documentSm3After: string;
  signatureSm3: string;
  anchor: AnchorStatus;
  courtReceipts: Array<{ courtChain: string; state: RelayDoc['state']; receipt?: RelayDoc['receipt'] }>;
}

/** Signatures on one document are few (see document-bundle.ts). */
const MAX_CHAIN = 200;
const raw = <T>(model: Pick<Model<never>, 'collection'> | Pick<Model<T>, 'collection'>, id: string) =>
  findByIdRaw<T>(model as Pick<Model<never>, 'collection'>, id);

/** The signature that produced the document, or the first one applied to it when the court holds the unsigned original. */
async function lastSignatureOf(deps: CourtReadDeps, documentSm3: string): Promise<SigningRecordDoc> {
  const produced = await producing(deps, documentSm3);
  if (produced) return produced;
  const original = await raw<LookupKeyDoc>(deps.lookupKeys, lookupKeyId('original', documentSm3));
  const record = original?.recordId ? await raw<SigningRecordDoc>(deps.signing.records, original.recordId) : null;
  if (!record) throw new SealError('NOT_FOUND', 'no signature of this service is on this document', { details: { documentSm3 } });
  return record;
}

/** Every signature on the document, first to last, whichever unit made it: the court was handed the whole document. */
async function signaturesOf(deps: CourtReadDeps, last: SigningRecordDoc): Promise<SigningRecordDoc[]> {
  const chain = [last];
  while (chain.length < MAX_CHAIN) {
    const earlier = await producing(deps, chain[0]!.documentSm3Before);
    if (!earlier) break;
    chain.unshift(earlier);
  }
  return chain;
}

async function views(deps: CourtReadDeps, records: readonly SigningRecordDoc[]): Promise<CourtSignatureView[]> {
  const anchors = await readAnchorStatus(
    deps.signing,
    records.map((r) => r._id),
  );
  return Promise.all(
    records.map(async (r): Promise<CourtSignatureView> => {
      const anchor = anchors.get(r._id)!;
      const [unit, seal, relays] = await Promise.all([
        raw<UnitDoc>(deps.units, r.unitId),
        raw<SealDoc>(deps.seals, r.sealId),
        anchor.batchId ? deps.relaysOfBatch(anchor.batchId) : Promise.resolve([]),
      ]);
      return {
        recordId: r._id,
        unit: { id: r.unitId, ...(unit ? { name: unit.name } : {}) },
        seal: { id: r.sealId, code: r.sealCode, kind: r.sealKind, ...(seal ? { name: seal.sealName } : {}) },
        signerId: r.signerId,
        ...(r.signerPersonId ? { signerPersonId: r.signerPersonId } : {}),
        signedAt: new Date(r.signedAt).toISOString(),
        documentSm3Before: r.documentSm3Before,
        documentSm3After: r.documentSm3After,
        signatureSm3: r.signatureSm3,
        anchor,
        courtReceipts: relays.map((relay) => ({
          courtChain: relay.adapterId,
          state: relay.state,
          ...(relay.receipt ? { receipt: relay.receipt } : {}),
        })),
      };
    }),
  );
}

/** The records of every signature on a document the court holds (named by its SM3, signed or not yet signed). */
export async function readHandedDocument(
  deps: CourtReadDeps,
  caller: Caller,
  documentSm3: string,
): Promise<{ documentSm3: string; signatures: CourtSignatureView[] }> {
  assertAllowed(caller, 'court.evidence.read');
  const records = await signaturesOf(deps, await lastSignatureOf(deps, documentSm3));
  await recordCourtReads(deps, caller, { what: 'DOCUMENT', documentSm3 }, records);
  return { documentSm3, signatures: await views(deps, records) };
}

/** The proof bundle (v2) of a document the court holds, covering every signature on it. */
export async function readHandedDocumentBundle(deps: CourtReadDeps, caller: Caller, documentSm3: string): Promise<ProofBundleV2> {
  assertAllowed(caller, 'court.evidence.read');
  const last = await producing(deps, documentSm3);
  if (!last) throw new SealError('NOT_FOUND', 'no signature of this service produced this document', { details: { documentSm3 } });
  await recordCourtReads(deps, caller, { what: 'BUNDLE', documentSm3 }, await signaturesOf(deps, last));
  return documentBundleFrom(deps, documentSm3, last, { acrossUnits: true });
}

/**
 * A court-chain evidence number the court was handed. A seal event's number opens that seal's record;
 * a batch's number covers many units' signatures, so it opens only the document the court also names
 * (documentSm3), never the whole batch.
 */
export async function readHandedEvidence(
  deps: CourtReadDeps,
  caller: Caller,
  evidenceNumber: string,
  documentSm3?: string,
): Promise<{
  evidence: ShownEvidence;
  signatures?: CourtSignatureView[];
  seal?: { id: string; code: string; unitId: string; status: string };
}> {
  assertAllowed(caller, 'court.evidence.read');
  const key = await raw<LookupKeyDoc>(deps.lookupKeys, lookupKeyId('evidence', evidenceNumber));
  if (!key) throw new SealError('NOT_FOUND', 'no confirmed court-chain evidence has this number', { details: { evidenceNumber } });
  const evidence = key.shown as ShownEvidence;
  if (evidence.subject.kind === 'SEAL_EVENT') {
    const seal = (await deps.seals.collection.findOne({ sealCode: evidence.subject.sealCode } as never)) as SealDoc | null;
    if (!seal) return { evidence };
    await recordCourtReads(deps, caller, { what: 'EVIDENCE', evidenceNumber, sealId: seal._id }, [], seal.unitId);
    return { evidence, seal: { id: seal._id, code: seal.sealCode, unitId: seal.unitId, status: seal.status } };
  }
  if (documentSm3 === undefined) return { evidence };
  const last = await producing(deps, documentSm3);
  const records = last ? await signaturesOf(deps, last) : [];
  const anchors = await readAnchorStatus(
    deps.signing,
    records.map((r) => r._id),
  );
  if (![...anchors.values()].some((a) => a.txId === evidence.ledgerTxId)) {
    throw new SealError('NOT_FOUND', 'this evidence number does not cover that document', { details: { evidenceNumber, documentSm3 } });
  }
  await recordCourtReads(deps, caller, { what: 'EVIDENCE', evidenceNumber, documentSm3 }, records);
  return { evidence, signatures: await views(deps, records) };
}

export const MAX_READS_LISTED = 500;

/** Who read a unit's evidence through the court role, newest first. */
export async function listEvidenceReads(
  deps: Pick<CourtReadDeps, 'reads'>,
  caller: Caller,
  unitId: string,
  limit = 100,
): Promise<EvidenceReadDoc[]> {
  assertAllowed(caller, 'evidence.reads.list', { unitId });
  return deps.reads
    .find({ unitId })
    .sort({ at: -1, _id: -1 })
    .limit(Math.min(Math.max(limit, 1), MAX_READS_LISTED))
    .lean<EvidenceReadDoc[]>();
}
