/**
 * The wire shapes of a court-chain evidence API (杭州互联网法院 / 天平链 / BTOE style), shared by the
 * HTTP adapter and the loopback simulator so both sides sign and check exactly the same bytes.
 */
import {
  MerkleTree,
  Sm2PrivateKey,
  Sm2PublicKey,
  merkleLeafHash,
  sm2Sign,
  sm2Verify,
  sm2VerifyRemembered,
  sm3,
  verifyInclusion,
} from '@eseal/core';

export const DIGEST_ALGORITHMS = ['SM3', 'SHA256'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

/** Lifecycle phases a transaction token links: one seal's evidence forms one chain. */
export const EVIDENCE_PHASES = ['ISSUE', 'CHANGE', 'RENEW', 'REVOKE', 'SIGN'] as const;
export type EvidencePhase = (typeof EVIDENCE_PHASES)[number];

/** What a court chain records: the digest and what links it, never the document itself. */
export interface EvidenceSubmission {
  /** Our id for the evidence; the court answers the same receipt for the same id (idempotent). */
  readonly evidenceId: string;
  /** Lower-case hex. */
  readonly digest: string;
  readonly digestAlgorithm: DigestAlgorithm;
  /** The party's USCC (统一社会信用代码) or ID; empty when the evidence spans parties (a batch). */
  readonly partyId: string;
  /** Links related evidence (one seal's application, making, signings, revocation). */
  readonly txToken: string;
  readonly phase: EvidencePhase;
  /** Our ledger's transaction that anchored this evidence: the source the court can check. */
  readonly sourceTxId: string;
}

/** The court chain's answer: signed by the court, stored with our evidence. */
export interface CourtReceipt {
  readonly evidenceId: string;
  /** 存证编号 */
  readonly evidenceNumber: string;
  readonly txHash: string;
  readonly blockHeight: number;
  /** ISO 8601 */
  readonly recordedAt: string;
  readonly digest: string;
  readonly digestAlgorithm: DigestAlgorithm;
  /** Base64 DER SM2 signature over `receiptSignedBytes`, or over `receiptBatchSignedBytes` when `batch` is present. */
  readonly signature: string;
  /** Present when the court signed a batch of receipts at once: this receipt's leaf under the signed root. */
  readonly batch?: ReceiptBatchProof;
  /**
   * A court's own Fabric channel: the block holding the court transaction `txHash` (base64 Block protobuf,
   * orderer-signed), so an offline check proves the transaction and its height, not only the endorsed record.
   */
  readonly block?: string;
}

/** A receipt's place in a signed batch: leaf = `receiptSignedBytes`, SM3 Merkle tree in the RFC 6962 shape. */
export interface ReceiptBatchProof {
  /** Lower-case hex SM3 root. */
  readonly root: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** Sibling hashes from the leaf up (hex). */
  readonly path: string[];
}

export type VerifyResult = 'MATCH' | 'MISMATCH' | 'NOT_FOUND';
/** Distinct numeric codes, as court APIs answer them. */
export const VERIFY_CODES: Record<VerifyResult, number> = { MATCH: 0, MISMATCH: 40901, NOT_FOUND: 40401 };

/**
 * Batch routes, as court evidence APIs offer for bulk filing: one signed request carries many
 * submissions (or transaction checks) and the answer has one result per item, in order; each
 * receipt is signed on its own, exactly as a single submission's.
 */
export const SUBMISSIONS_BATCH_PATH = '/evidence/v1/submissions/batch';
export const VERIFY_TX_BATCH_PATH = '/evidence/v1/verify/tx/batch';
export const MAX_BATCH_ITEMS = 500;

export const HEADER_APP_ID = 'x-court-app-id';
export const HEADER_TIMESTAMP = 'x-court-timestamp';
export const HEADER_NONCE = 'x-court-nonce';
export const HEADER_SIGNATURE = 'x-court-signature';
/** A signed request older or newer than this is refused: with the nonce, a captured request cannot be replayed. */
export const REQUEST_WINDOW_MS = 5 * 60_000;

/** The exact bytes a request signature covers: method, path, time, nonce and the body's SM3. */
export function requestSignedBytes(input: { method: string; path: string; timestamp: string; nonce: string; body: string }): Uint8Array {
  const bodyHash = Buffer.from(sm3(Buffer.from(input.body, 'utf8'))).toString('hex');
  return Buffer.from([input.method.toUpperCase(), input.path, input.timestamp, input.nonce, bodyHash].join('\n'), 'utf8');
}

export function signRequest(key: Sm2PrivateKey, input: Parameters<typeof requestSignedBytes>[0]): string {
  return Buffer.from(sm2Sign(key, requestSignedBytes(input))).toString('base64');
}

export function verifyRequestSignature(key: Sm2PublicKey, input: Parameters<typeof requestSignedBytes>[0], signature: string): boolean {
  return sm2Verify(key, requestSignedBytes(input), Buffer.from(signature, 'base64'));
}

/** Fixed field order, no whitespace: the court signs this and anyone holding its public key can check it offline. */
export function receiptSignedBytes(r: Omit<CourtReceipt, 'signature'>): Uint8Array {
  return Buffer.from(
    JSON.stringify([r.evidenceId, r.evidenceNumber, r.txHash, r.blockHeight, r.recordedAt, r.digest, r.digestAlgorithm]),
    'utf8',
  );
}

export function signReceipt(key: Sm2PrivateKey, r: Omit<CourtReceipt, 'signature'>): CourtReceipt {
  return { ...r, signature: Buffer.from(sm2Sign(key, receiptSignedBytes(r))).toString('base64') };
}

/** What the court signs once for a batch of receipts: the root of their tree and its size. */
export function receiptBatchSignedBytes(root: string, treeSize: number): Uint8Array {
  return Buffer.from(JSON.stringify(['eseal.court-receipt-batch.v1', root, treeSize]), 'utf8');
}

/**
 * Signs many receipts with one SM2 signature over the root of their Merkle tree; each receipt
 * carries its inclusion proof, so it stays checkable offline on its own.
 */
export function signReceiptBatch(key: Sm2PrivateKey, receipts: ReadonlyArray<Omit<CourtReceipt, 'signature' | 'batch'>>): CourtReceipt[] {
  if (receipts.length === 0) return [];
  const tree = new MerkleTree(receipts.map((r) => merkleLeafHash(receiptSignedBytes(r))));
  const root = Buffer.from(tree.root).toString('hex');
  const signature = Buffer.from(sm2Sign(key, receiptBatchSignedBytes(root, tree.size))).toString('base64');
  return receipts.map((r, i) => {
    const { leafIndex, treeSize, path } = tree.proof(i);
    return { ...r, signature, batch: { root, leafIndex, treeSize, path } };
  });
}

/**
 * A single receipt's signature, or a batch receipt's inclusion under its root and the root's
 * signature (verified once per batch: every receipt of it carries the same signed root).
 */
export function receiptSignatureValid(courtKey: Sm2PublicKey, r: CourtReceipt): boolean {
  const signature = Buffer.from(r.signature, 'base64');
  if (r.batch === undefined) return sm2Verify(courtKey, receiptSignedBytes(r), signature);
  const { root, leafIndex, treeSize, path } = r.batch;
  if (typeof root !== 'string' || !/^[0-9a-f]{64}$/.test(root)) return false;
  if (!verifyInclusion(merkleLeafHash(receiptSignedBytes(r)), { leafIndex, treeSize, path }, Buffer.from(root, 'hex'))) return false;
  return sm2VerifyRemembered(courtKey, receiptBatchSignedBytes(root, treeSize), signature);
}

const HEX = /^[0-9a-f]+$/;
const EVIDENCE_ID = /^[A-Za-z0-9_.@-]{8,128}$/;

/** Checks a submission's shape; returns the problems (empty when it is well-formed). Both sides use it. */
export function submissionProblems(value: unknown): string[] {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof o.evidenceId !== 'string' || !EVIDENCE_ID.test(o.evidenceId)) problems.push('evidenceId: 8-128 of [A-Za-z0-9_.@-]');
  const algorithm = o.digestAlgorithm;
  if (!(DIGEST_ALGORITHMS as readonly unknown[]).includes(algorithm)) problems.push('digestAlgorithm: SM3 or SHA256');
  if (typeof o.digest !== 'string' || o.digest.length !== 64 || !HEX.test(o.digest)) problems.push('digest: 64 lower-case hex');
  if (typeof o.partyId !== 'string' || o.partyId.length > 64) problems.push('partyId: string of at most 64');
  if (typeof o.txToken !== 'string' || o.txToken.length < 1 || o.txToken.length > 128) problems.push('txToken: 1-128 characters');
  if (!(EVIDENCE_PHASES as readonly unknown[]).includes(o.phase)) problems.push(`phase: one of ${EVIDENCE_PHASES.join(', ')}`);
  if (typeof o.sourceTxId !== 'string' || o.sourceTxId.length < 1 || o.sourceTxId.length > 128)
    problems.push('sourceTxId: 1-128 characters');
  return problems;
}

/** A receipt as received: shape only (the signature is checked separately against the configured key). */
export function parseReceipt(value: unknown): CourtReceipt | undefined {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok =
    typeof o.evidenceId === 'string' &&
    typeof o.evidenceNumber === 'string' &&
    typeof o.txHash === 'string' &&
    typeof o.blockHeight === 'number' &&
    Number.isInteger(o.blockHeight) &&
    typeof o.recordedAt === 'string' &&
    typeof o.digest === 'string' &&
    (DIGEST_ALGORITHMS as readonly unknown[]).includes(o.digestAlgorithm) &&
    typeof o.signature === 'string';
  const batch = o.batch === undefined ? undefined : parseBatchProof(o.batch);
  if (!ok || batch === null) return undefined;
  return {
    ...(batch === undefined ? {} : { batch }),
    evidenceId: o.evidenceId as string,
    evidenceNumber: o.evidenceNumber as string,
    txHash: o.txHash as string,
    blockHeight: o.blockHeight as number,
    recordedAt: o.recordedAt as string,
    digest: o.digest as string,
    digestAlgorithm: o.digestAlgorithm as DigestAlgorithm,
    signature: o.signature as string,
  };
}

/** A batch proof's shape (null when malformed); the values are checked by `receiptSignatureValid`. */
function parseBatchProof(value: unknown): ReceiptBatchProof | null {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const ok =
    typeof o.root === 'string' &&
    Number.isSafeInteger(o.leafIndex) &&
    Number.isSafeInteger(o.treeSize) &&
    Array.isArray(o.path) &&
    o.path.length <= 64 &&
    o.path.every((h) => typeof h === 'string');
  if (!ok) return null;
  return { root: o.root as string, leafIndex: o.leafIndex as number, treeSize: o.treeSize as number, path: [...(o.path as string[])] };
}
