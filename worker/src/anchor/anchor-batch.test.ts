import { anchorLeafData, merkleLeafHash, verifyInclusion } from '@eseal/core';
import { batchIdFor, buildBatch } from './anchor-batch';
import { parseAnchorJob } from './anchor-job';
import type { AnchorCandidate } from './ports';

const candidate = (n: number): AnchorCandidate => ({
  recordId: `sig_${String(n).padStart(3, '0')}`,
  sealCode: '1201040012345',
  signedAt: new Date(Date.UTC(2026, 10, 1, 8, 0, n)),
  signatureSm3: n.toString(16).padStart(64, '0'),
  documentSm3: (n + 1000).toString(16).padStart(64, '0'),
});

describe('anchor batch', () => {
  it('gets the same batch id and root whatever order the records were claimed in', () => {
    const records = [1, 2, 3, 4, 5].map(candidate);
    const a = buildBatch(records);
    const b = buildBatch([...records].reverse());
    expect(b.batchId).toBe(a.batchId);
    expect(b.root).toBe(a.root);
    expect(a.batchId).toMatch(/^batch_[0-9a-f]{40}$/);
    expect(buildBatch(records.slice(0, 4)).batchId).not.toBe(a.batchId);
    expect(batchIdFor(['x', 'y'])).toBe(batchIdFor(['y', 'x']));
  });

  it('gives each record a proof of its own leaf, and none for another record', () => {
    const batch = buildBatch([7, 3, 9].map(candidate));
    const root = Buffer.from(batch.root, 'hex');
    batch.entries.forEach((entry, i) => {
      const leaf = merkleLeafHash(anchorLeafData(entry));
      expect(verifyInclusion(leaf, { leafIndex: i, treeSize: 3, path: batch.leaves[i]!.proof }, root)).toBe(true);
      const other = merkleLeafHash(anchorLeafData(batch.entries[(i + 1) % 3]!));
      expect(verifyInclusion(other, { leafIndex: i, treeSize: 3, path: batch.leaves[i]!.proof }, root)).toBe(false);
    });
    expect(batch.entries.map((e) => e.recordId)).toEqual(['sig_003', 'sig_007', 'sig_009']);
  });

  it('accepts v1 payloads and refuses unknown versions and absurd batch sizes', () => {
    expect(parseAnchorJob({})).toEqual({ v: 1, maxBatch: 1000 });
    expect(parseAnchorJob({ v: 1, maxBatch: 50 })).toEqual({ v: 1, maxBatch: 50 });
    expect(() => parseAnchorJob({ v: 2 })).toThrow(/version/);
    expect(() => parseAnchorJob({ maxBatch: 20_000 })).toThrow(/maxBatch/);
    expect(() => parseAnchorJob({ maxBatch: 1.5 })).toThrow(/maxBatch/);
  });
});
