import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { AUDIT_COLLECTION, auditAnchorModel, auditRecordModel } from '../audit/audit.model';
import { verifyAuditChain, type ChainReport } from '../audit/verify-chain';
import { BLOCK_FILE_NAME } from '../ledger/embedded/embedded-ledger';
import { readVerifiedBlocks } from '../ledger/embedded/block-file';
import type { BackupManifest } from './manifest';

export interface RestoreVerification {
  ok: boolean;
  /** Hash chain of the restored block file, re-verified block by block; null without an embedded ledger. */
  ledger: { height: number; headHash: string; matchesManifest: boolean } | null;
  /** Ledger transaction ids the records cite, and those the restored ledger does not hold. */
  txIdsChecked: number;
  missingTxIds: string[];
  auditChain: ChainReport;
}

/** Field names under which records cite a ledger transaction (seal ledger ops, signatures, anchors). */
const TX_ID_FIELDS = new Set(['txId', 'transactionId', 'ledgerTxId', 'anchorTxId']);

/**
 * After a restore: the block file's hash chain is re-verified from genesis, its head must be the one
 * the manifest recorded, every transaction id the records cite must be a block of that ledger, and
 * the audit log's own chain and anchors must hold. A restored instance that fails any of these is
 * reported, never silently served.
 */
export async function verifyRestored(
  connection: Connection,
  manifest: BackupManifest,
  ledgerDir: string | undefined,
): Promise<RestoreVerification> {
  let ledger: RestoreVerification['ledger'] = null;
  const blockTxIds = new Set<string>();
  if (manifest.ledger && ledgerDir) {
    const { height, lastHash } = readVerifiedBlocks(join(ledgerDir, BLOCK_FILE_NAME), (block) => blockTxIds.add(block.txId));
    ledger = { height, headHash: lastHash, matchesManifest: height === manifest.ledger.height && lastHash === manifest.ledger.headHash };
  }
  const cited = new Set<string>();
  if (manifest.ledger) {
    for (const entry of manifest.collections) {
      // The audit log quotes what callers sent; its integrity is its own hash chain, checked below.
      if (entry.collection === AUDIT_COLLECTION) continue;
      for await (const doc of connection.db!.collection(entry.collection).find({})) collectTxIds(doc, cited, 0);
    }
  }
  const missingTxIds = [...cited].filter((id) => !blockTxIds.has(id)).sort();
  const auditChain = await verifyAuditChain(auditRecordModel(connection), auditAnchorModel(connection));
  return {
    ok: (ledger === null || ledger.matchesManifest) && missingTxIds.length === 0 && auditChain.valid,
    ledger,
    txIdsChecked: cited.size,
    missingTxIds: missingTxIds.slice(0, 100),
    auditChain,
  };
}

function collectTxIds(value: unknown, into: Set<string>, depth: number): void {
  // Binary payloads (imprints, seal data) and BSON scalars hold no citations and can be megabytes.
  if (value === null || typeof value !== 'object' || depth > 16 || ArrayBuffer.isView(value) || '_bsontype' in value) return;
  if (Array.isArray(value)) {
    value.forEach((v) => collectTxIds(v, into, depth + 1));
    return;
  }
  for (const [key, member] of Object.entries(value)) {
    if (TX_ID_FIELDS.has(key) && typeof member === 'string' && member !== '') into.add(member);
    else collectTxIds(member, into, depth + 1);
  }
}
