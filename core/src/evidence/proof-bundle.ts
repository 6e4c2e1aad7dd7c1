import { SealError } from '../errors';
import { MerkleTree, merkleLeafHash } from '../merkle/merkle-tree';

/**
 * A proof bundle: what a court needs, besides the signed file, to check offline that a signature was
 * anchored. The leaf is rebuilt from `entry`, walked up `merkle.path` to `merkle.root`, and the root is
 * what the ledger stores for `merkle.batchId` (checked online when a ledger is at hand, or against the
 * judicial chain's receipt).
 */
export interface ProofBundle {
  format: 'eseal.proof-bundle';
  version: 1;
  /** The ledger entry exactly as anchored (AnchorBatch input). */
  entry: AnchorEntryFacts;
  merkle: { batchId: string; leafIndex: number; treeSize: number; path: string[]; root: string };
  ledger: { txId: string; anchoredAt: string };
}

export interface AnchorEntryFacts {
  recordId: string;
  /** The seal's code on the ledger (GB/T 38540 esID). */
  sealId: string;
  /** ISO 8601 UTC. */
  signedAt: string;
  signatureSm3: string;
  /** SM3 of the file right after the signature. */
  documentSm3: string;
}

/**
 * The Merkle leaf data of an anchored entry: canonical JSON, fixed order, no whitespace. The anchor job
 * and every verifier use this one function, so the leaf cannot be rebuilt two ways.
 */
export function anchorLeafData(entry: AnchorEntryFacts): Uint8Array {
  return new Uint8Array(
    Buffer.from(JSON.stringify([entry.recordId, entry.sealId, entry.signedAt, entry.signatureSm3, entry.documentSm3]), 'utf8'),
  );
}

/**
 * The Merkle root (hex) of a batch of entries, in their order: what `AnchorBatch` is given and, since
 * it rebuilds it from the entries (chaincode `batch-root.ts`), what it accepts.
 */
export function anchorBatchRoot(entries: readonly AnchorEntryFacts[]): string {
  return Buffer.from(new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e)))).root).toString('hex');
}

const HEX64 = /^[0-9a-f]{64}$/;

/** Bundles arrive as uploaded JSON: check every field's shape before anything trusts it. */
export function parseProofBundle(value: unknown): ProofBundle {
  const bad = (what: string) => new SealError('VALIDATION_FAILED', `proof bundle: ${what}`, { details: { field: what } });
  const o = value as Record<string, any>;
  if (typeof o !== 'object' || o === null) throw bad('not an object');
  if (o.format !== 'eseal.proof-bundle' || o.version !== 1) throw bad('format/version');
  const e = o.entry ?? {};
  for (const k of ['recordId', 'sealId', 'signedAt'])
    if (typeof e[k] !== 'string' || e[k].length === 0 || e[k].length > 128) throw bad(`entry.${k}`);
  for (const k of ['signatureSm3', 'documentSm3']) if (typeof e[k] !== 'string' || !HEX64.test(e[k])) throw bad(`entry.${k}`);
  const m = o.merkle ?? {};
  if (typeof m.batchId !== 'string' || m.batchId.length === 0 || m.batchId.length > 128) throw bad('merkle.batchId');
  if (!Number.isSafeInteger(m.leafIndex) || !Number.isSafeInteger(m.treeSize) || m.leafIndex < 0 || m.leafIndex >= m.treeSize)
    throw bad('merkle.leafIndex');
  if (!Array.isArray(m.path) || m.path.length > 64 || !m.path.every((h: unknown) => typeof h === 'string' && HEX64.test(h)))
    throw bad('merkle.path');
  if (typeof m.root !== 'string' || !HEX64.test(m.root)) throw bad('merkle.root');
  const l = o.ledger ?? {};
  if (typeof l.txId !== 'string' || typeof l.anchoredAt !== 'string') throw bad('ledger');
  return {
    format: 'eseal.proof-bundle',
    version: 1,
    entry: { recordId: e.recordId, sealId: e.sealId, signedAt: e.signedAt, signatureSm3: e.signatureSm3, documentSm3: e.documentSm3 },
    merkle: { batchId: m.batchId, leafIndex: m.leafIndex, treeSize: m.treeSize, path: [...m.path], root: m.root },
    ledger: { txId: l.txId, anchoredAt: l.anchoredAt },
  };
}
