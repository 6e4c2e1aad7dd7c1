import { createHash } from 'node:crypto';
import type { AnchorEntry } from './model';

/**
 * The Merkle root of a batch's entries, built as the anchoring worker builds it and as every proof
 * bundle checks it (core's merkle-tree.ts and anchorLeafData, kept in step by a test in
 * test/signing/): RFC 6962 shape over SM3, leaf = SM3(0x00 || JSON [recordId, sealId, signedAt,
 * signatureSm3, documentSm3]), node = SM3(0x01 || left || right), an odd node carried up unchanged.
 * The chaincode rebuilds it instead of storing the root it is given, so the root on the ledger is
 * always the root of the entries beside it: a court reading the ledger sees one statement, not a root
 * and a list that may tell different stories.
 */
export function batchRoot(entries: readonly AnchorEntry[]): string {
  let level = entries.map((e) =>
    sm3(LEAF_PREFIX, Buffer.from(JSON.stringify([e.recordId, e.sealId, e.signedAt, e.signatureSm3, e.documentSm3]), 'utf8')),
  );
  while (level.length > 1) {
    const above: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) above.push(i + 1 < level.length ? sm3(NODE_PREFIX, level[i]!, level[i + 1]!) : level[i]!);
    level = above;
  }
  return level[0]!.toString('hex');
}

const LEAF_PREFIX = Buffer.of(0);
const NODE_PREFIX = Buffer.of(1);

function sm3(...parts: Buffer[]): Buffer {
  const hash = createHash('sm3');
  for (const part of parts) hash.update(part);
  return hash.digest();
}
