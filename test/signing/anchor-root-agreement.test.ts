/**
 * The chaincode refuses an AnchorBatch whose root is not the Merkle root of its entries, rebuilding it
 * with its own small SM3 tree (chaincode/src/contract/batch-root.ts: the chaincode depends on nothing of
 * ours). The worker builds batches, and every proof bundle is checked, with core's tree and leaf data.
 * Both must give the same root for every batch, or anchoring stops (or proofs would not verify).
 */
import { randomBytes, randomInt } from 'node:crypto';
import { MerkleTree, anchorBatchRoot, anchorLeafData, merkleLeafHash, type AnchorEntryFacts } from '@eseal/core';
import { batchRoot } from '../../chaincode/src/contract/batch-root';
import { buildBatch } from '../../worker/src/anchor';

const randomEntry = (n: number): AnchorEntryFacts => ({
  recordId: `sig_${randomBytes(8).toString('hex')}-${n}`,
  sealId: `9112011${randomBytes(6).toString('hex').toUpperCase()}`,
  signedAt: new Date(Date.UTC(2026, randomInt(12), 1 + randomInt(28), randomInt(24), randomInt(60), randomInt(60))).toISOString(),
  signatureSm3: randomBytes(32).toString('hex'),
  documentSm3: randomBytes(32).toString('hex'),
});

describe('the batch root the chaincode rebuilds', () => {
  it.each([1, 2, 3, 4, 5, 7, 8, 9, 16, 17, 31, 100, 1000])('is core’s root for a batch of %i entries', (size) => {
    const entries = Array.from({ length: size }, (_, n) => randomEntry(n));
    const core = Buffer.from(new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e)))).root).toString('hex');
    expect(batchRoot(entries)).toBe(core);
    expect(anchorBatchRoot(entries)).toBe(core);
  });

  it('is the root the anchoring worker builds, for its own batches', () => {
    for (const size of [1, 6, 1000]) {
      const entries = Array.from({ length: size }, (_, n) => randomEntry(n));
      const built = buildBatch(
        entries.map((e) => ({
          recordId: e.recordId,
          sealCode: e.sealId,
          signedAt: new Date(e.signedAt),
          signatureSm3: e.signatureSm3,
          documentSm3: e.documentSm3,
        })),
      );
      expect(batchRoot(built.entries)).toBe(built.root);
    }
  });

  it('depends on the order of the entries and on every field', () => {
    const entries = [randomEntry(0), randomEntry(1), randomEntry(2)];
    const root = batchRoot(entries);
    expect(batchRoot([entries[1]!, entries[0]!, entries[2]!])).not.toBe(root);
    for (const field of ['recordId', 'sealId', 'signedAt', 'signatureSm3', 'documentSm3'] as const) {
      const changed = entries.map((e, i) =>
        i === 1 ? { ...e, [field]: field === 'signedAt' ? '2027-01-01T00:00:00.000Z' : `${e[field]}0` } : e,
      );
      expect(batchRoot(changed)).not.toBe(root);
    }
  });
});
