import { MerkleTree, merkleLeafHash } from '../merkle';
import { checkProofBundle } from './check-bundle';
import { anchorLeafData, parseProofBundle, type AnchorEntryFacts, type ProofBundle } from './proof-bundle';

const entry = (n: number): AnchorEntryFacts => ({
  recordId: `sig_${n}`,
  sealId: '1201040012345',
  signedAt: `2026-11-0${n}T08:00:00.000Z`,
  signatureSm3: n.toString(16).padStart(64, '0'),
  documentSm3: (n + 100).toString(16).padStart(64, '0'),
});

function bundleFor(index: number, entries: AnchorEntryFacts[]): ProofBundle {
  const tree = new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e))));
  const proof = tree.proof(index);
  return {
    format: 'eseal.proof-bundle',
    version: 1,
    entry: entries[index]!,
    merkle: {
      batchId: 'batch_1',
      leafIndex: index,
      treeSize: proof.treeSize,
      path: proof.path,
      root: Buffer.from(tree.root).toString('hex'),
    },
    ledger: { txId: 'tx1', anchoredAt: '2026-11-09T08:00:00.000Z' },
  };
}

describe('proof bundles', () => {
  const entries = [1, 2, 3, 4, 5].map(entry);
  const facts = (e: AnchorEntryFacts) => ({ signatureSm3: e.signatureSm3, revisionSm3: e.documentSm3, esID: e.sealId });

  it('holds for the signature it names, with and without the ledger root', () => {
    const bundle = bundleFor(3, entries);
    expect(checkProofBundle(bundle, facts(entries[3]!))).toEqual({ ok: true, problems: [], rootCheckedOnLedger: false });
    expect(checkProofBundle(bundle, facts(entries[3]!), bundle.merkle.root).ok).toBe(true);
  });

  it('fails for another signature, a changed entry, a broken path and a root the ledger does not hold', () => {
    const bundle = bundleFor(3, entries);
    expect(checkProofBundle(bundle, facts(entries[2]!)).problems).toEqual(
      expect.arrayContaining(['not-this-signature', 'not-this-document']),
    );
    expect(
      checkProofBundle({ ...bundle, entry: { ...bundle.entry, signedAt: '2026-11-05T08:00:01.000Z' } }, facts(entries[3]!)).problems,
    ).toEqual(['proof-does-not-reach-root']);
    expect(
      checkProofBundle({ ...bundle, merkle: { ...bundle.merkle, path: [...bundle.merkle.path].reverse() } }, facts(entries[3]!)).problems,
    ).toContain('proof-does-not-reach-root');
    expect(checkProofBundle(bundle, facts(entries[3]!), 'e'.repeat(64)).problems).toEqual(['root-not-on-ledger']);
  });

  it('parses only well-formed bundles', () => {
    const bundle = bundleFor(0, entries);
    expect(parseProofBundle(JSON.parse(JSON.stringify(bundle)))).toEqual(bundle);
    for (const broken of [
      null,
      {},
      { ...bundle, version: 2 },
      { ...bundle, merkle: { ...bundle.merkle, leafIndex: 9 } },
      { ...bundle, merkle: { ...bundle.merkle, path: ['zz'] } },
      { ...bundle, entry: { ...bundle.entry, signatureSm3: 'x' } },
    ]) {
      expect(() => parseProofBundle(broken)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
  });
});
