import { SealError, type ProofBundleV2 } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import type { LedgerAttestor } from '../../ledger';
import { readAnchorStatus, type SigningStore, type SigningRecordDoc } from '../../store/signing';
import { buildProofBundle } from './build-proof-bundle';
import type { RelaysOfBatch } from './bundle-extras';

export interface EvidenceDeps {
  readonly signing: Pick<SigningStore, 'signingRecordRepository' | 'anchorResults'>;
  /** Absent when the ledger cannot attest offline-checkable statements (a read-only ledger client). */
  readonly attestor?: LedgerAttestor;
  /** The court-chain relays of a batch: their receipts go into the bundle. Absent: bundles carry none. */
  readonly relaysOfBatch?: RelaysOfBatch;
}

/** Signatures on one document are few; a longer chain is not a document this service produced. */
const MAX_SIGNATURES_PER_DOCUMENT = 200;

/**
 * The bundle for a signed document named by its SM3: its last signature produced that file, and each
 * earlier one the file it was applied to. Readable by the document's unit (evidence.read).
 */
export async function getDocumentProofBundle(deps: EvidenceDeps, caller: Caller, documentSm3: string): Promise<ProofBundleV2> {
  const last = await producing(deps, documentSm3);
  if (last === null) throw new SealError('NOT_FOUND', 'no signature of this service produced this document', { details: { documentSm3 } });
  assertAllowed(caller, 'evidence.read', { unitId: last.unitId });
  return documentBundleFrom(deps, documentSm3, last, { acrossUnits: false });
}

/**
 * The bundle from the signature that produced the document back through the earlier ones. A unit sees
 * its own signatures only; a court handed the document sees every signature on it (`acrossUnits`).
 */
export async function documentBundleFrom(
  deps: EvidenceDeps,
  documentSm3: string,
  last: SigningRecordDoc,
  options: { acrossUnits: boolean },
): Promise<ProofBundleV2> {
  if (deps.attestor === undefined) throw new SealError('LEDGER_UNAVAILABLE', 'the configured ledger does not attest proof bundles');
  return bundleOfChain(deps.attestor, deps, documentSm3, await chainEndingAt(deps, last, options));
}

/**
 * The signing records that made the document, first signature first: the last one produced this file,
 * each earlier one the file the next was applied to (the unit's own only, unless `acrossUnits`).
 * NOT_FOUND when this service signed no such file.
 */
export async function signingChainOf(
  deps: Pick<EvidenceDeps, 'signing'>,
  documentSm3: string,
  options: { acrossUnits: boolean } = { acrossUnits: false },
): Promise<SigningRecordDoc[]> {
  const last = await producing(deps, documentSm3);
  if (last === null) throw new SealError('NOT_FOUND', 'no signature of this service produced this document', { details: { documentSm3 } });
  return chainEndingAt(deps, last, options);
}

async function chainEndingAt(
  deps: Pick<EvidenceDeps, 'signing'>,
  last: SigningRecordDoc,
  options: { acrossUnits: boolean },
): Promise<SigningRecordDoc[]> {
  const chain = [last];
  for (let before = last.documentSm3Before; chain.length < MAX_SIGNATURES_PER_DOCUMENT;) {
    const record = await producing(deps, before);
    if (record === null || (!options.acrossUnits && record.unitId !== last.unitId)) break;
    chain.unshift(record);
    before = record.documentSm3Before;
  }
  return chain;
}

/** The v2 bundle of a document from its signing chain (every signature must be anchored). */
export async function bundleOfChain(
  attestor: LedgerAttestor,
  deps: Pick<EvidenceDeps, 'signing' | 'relaysOfBatch'>,
  documentSm3: string,
  chain: readonly SigningRecordDoc[],
): Promise<ProofBundleV2> {
  const anchors = await readAnchorStatus(
    deps.signing,
    chain.map((r) => r._id),
  );
  return buildProofBundle(
    attestor,
    { kind: 'document', documentSm3 },
    chain.map((r) => ({ ...r, anchor: anchors.get(r._id)! })),
    deps.relaysOfBatch,
  );
}

/** Evidence export is rare; a scan by the file hash is acceptable here (not on the signing path). */
export function producing(deps: Pick<EvidenceDeps, 'signing'>, documentSm3: string): Promise<SigningRecordDoc | null> {
  return deps.signing.signingRecordRepository.producing(documentSm3);
}
