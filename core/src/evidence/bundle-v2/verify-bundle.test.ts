import { MerkleTree, merkleLeafHash } from '../../merkle';
import { anchorLeafData } from '../proof-bundle';
import { DAY, clone, documentBundle, failCodes, fixtureNode, type FixtureNode } from './__tests__/bundle-fixture';
import type { BundleTrust } from './bundle-trust';
import type { EmbeddedBlockAttestation, ProofBundleV2 } from './bundle-types';
import { verifyProofBundleV2 } from './verify-bundle';

describe('proof bundle v2, offline', () => {
  let node: FixtureNode;
  let trust: BundleTrust;
  let bundle: ProofBundleV2;

  beforeAll(async () => {
    node = await fixtureNode();
    trust = node.trust();
    bundle = await documentBundle(node, { signatures: 2 });
  });

  it('holds against the CA that certified the ledger node, and names the anchor of each check', () => {
    const result = verifyProofBundleV2(clone(bundle), trust);
    expect(result.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(result.verdict).toBe('VALID');
    const anchor = result.checks.find((c) => c.id === 'signatures[1].anchor')!;
    expect(anchor.anchor).toMatch(/^ledger node .*embedded ledger node.*, certified by .*电子印章开发/);
    expect(result.checks.find((c) => c.id === 'signatures[0].seal')!.message).toMatch(/was active at/);
  });

  it('holds against the node certificate trusted directly, and not against another CA', async () => {
    expect(verifyProofBundleV2(clone(bundle), node.trust({ caCertificates: [], ledgerNodes: [node.nodeCertificatePem] })).verdict).toBe(
      'VALID',
    );
    const stranger = await fixtureNode();
    expect(failCodes(clone(bundle), stranger.trust())).toContain('BUNDLE_ANCHOR_UNTRUSTED');
  });

  it('refuses a bundle re-signed by a node the verifier does not trust', async () => {
    const forger = await fixtureNode();
    const forged = await documentBundle(forger, { signatures: 1 });
    const codes = failCodes(forged, trust);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['BUNDLE_ANCHOR_UNTRUSTED']));
  });

  it('gives each tampered part its own code', () => {
    const cases: Array<[string, (b: ProofBundleV2) => void, string]> = [
      [
        'signing time',
        (b) => {
          b.signatures[0]!.entry.signedAt = '2026-01-01T00:00:00.000Z';
        },
        'BUNDLE_PROOF_INVALID',
      ],
      [
        'a Merkle sibling',
        (b) => {
          b.signatures[0]!.merkle.path[0] = '0'.repeat(64);
        },
        'BUNDLE_PROOF_INVALID',
      ],
      [
        'the statement',
        (b) => {
          const a = b.signatures[0]!.anchor as EmbeddedBlockAttestation;
          a.statement = a.statement.replace('"number":', '"number": ');
        },
        'BUNDLE_ATTESTATION_INVALID',
      ],
      [
        'the node signature',
        (b) => {
          const a = b.signatures[0]!.anchor as EmbeddedBlockAttestation;
          a.signature = a.signature.slice(0, -2) + (a.signature.endsWith('00') ? '01' : '00');
        },
        'BUNDLE_ATTESTATION_INVALID',
      ],
      [
        'the subject',
        (b) => {
          (b.subject as { documentSm3: string }).documentSm3 = 'f'.repeat(64);
        },
        'BUNDLE_SUBJECT_MISMATCH',
      ],
      [
        'the channel',
        (b) => {
          b.ledger.channel = 'other';
        },
        'BUNDLE_RECORD_MISMATCH',
      ],
      [
        'an unknown field',
        (b) => {
          (b as unknown as Record<string, unknown>).extra = 1;
        },
        'BUNDLE_MALFORMED',
      ],
      [
        'the seal history left out',
        (b) => {
          b.seals = [];
        },
        'BUNDLE_HISTORY_INCOMPLETE',
      ],
    ];
    for (const [what, tamper, code] of cases) {
      const b = clone(bundle);
      tamper(b);
      expect([what, failCodes(b, trust)]).toEqual([what, expect.arrayContaining([code])]);
    }
  });

  it('refuses a consistent proof to a root the ledger did not anchor, and a false tree size', () => {
    const b = clone(bundle);
    const s = b.signatures[0]!;
    const tree = new MerkleTree([merkleLeafHash(anchorLeafData(s.entry)), merkleLeafHash(new Uint8Array([1]))]);
    s.merkle = { ...s.merkle, leafIndex: 0, treeSize: 2, path: tree.proof(0).path, root: Buffer.from(tree.root).toString('hex') };
    expect(failCodes(b, trust)).toEqual(['BUNDLE_RECORD_MISMATCH']);
    // Leaf 1 of 5 walks the same path in a tree of 6, 7 or 8: only the attested entry count catches it.
    const c = clone(bundle);
    c.signatures[1]!.merkle.treeSize = 6;
    expect(failCodes(c, trust)).toEqual(['BUNDLE_RECORD_MISMATCH']);
  });

  it('judges the seal at signing time from its attested history, and a hidden revocation is caught', async () => {
    const revokedBefore = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - 7 * DAY), reason: 'ESEAL_RETIRED' },
    });
    expect(failCodes(revokedBefore, trust)).toEqual(['SEAL_REVOKED']);

    const retiredAfter = await documentBundle(node, { signatures: 1, revoke: { at: new Date(Date.now() - DAY), reason: 'ESEAL_RETIRED' } });
    const after = verifyProofBundleV2(clone(retiredAfter), trust);
    expect(after.verdict).toBe('VALID');
    expect(after.checks.find((c) => c.id === 'signatures[0].seal')!.message).toMatch(/revoked later, at .* \(reason ESEAL_RETIRED\)/);

    // A leaked key can backdate: revoked after the claimed signing time but before the anchor proves it existed.
    const leakedBeforeAnchor = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - 4.5 * DAY), reason: 'KEY_LEAKED' },
    });
    expect(failCodes(leakedBeforeAnchor, trust)).toEqual(['SEAL_REVOKED']);
    const leakedAfterAnchor = await documentBundle(node, {
      signatures: 1,
      revoke: { at: new Date(Date.now() - 3 * DAY), reason: 'KEY_LEAKED' },
    });
    expect(verifyProofBundleV2(leakedAfterAnchor, trust).verdict).toBe('VALID');

    const hidden = clone(revokedBefore);
    hidden.seals[0]!.history.pop();
    expect(failCodes(hidden, trust)).toEqual(expect.arrayContaining(['BUNDLE_HISTORY_INCOMPLETE']));
    const gap = clone(revokedBefore);
    gap.seals[0]!.history.shift();
    expect(failCodes(gap, trust)).toEqual(expect.arrayContaining(['BUNDLE_HISTORY_INCOMPLETE']));
  });

  it('reports a court receipt of a chain the trust file names no key for as not checked, and refuses a Fabric attestation in an embedded bundle', () => {
    const b = clone(bundle);
    b.signatures[0]!.courtReceipts = [{ chain: 'court-sim', evidenceId: 'EV-1', receipt: Buffer.from('receipt').toString('base64') }];
    const withExtras = verifyProofBundleV2(b, trust);
    expect(withExtras.verdict).toBe('VALID');
    expect(withExtras.checks.filter((c) => c.status === 'not-checked').map((c) => c.id)).toEqual(['signatures[0].courtReceipts[0]']);
    // A token is only ever carried with the signature that holds it.
    const t = clone(bundle);
    t.signatures[0]!.timeStampToken = Buffer.from('token').toString('base64');
    expect(failCodes(t, trust)).toEqual(['BUNDLE_MALFORMED']);

    const f = clone(bundle);
    const b64 = Buffer.from('x').toString('base64');
    f.signatures[0]!.anchor = { kind: 'fabric-transaction', txId: 'a'.repeat(64), block: b64 };
    expect(failCodes(f, trust)).toEqual(['BUNDLE_RECORD_MISMATCH']);
  });

  it('a seal history attested before the signature was anchored is incomplete: a revocation in between could be left out', async () => {
    // The history is attested now; the anchor is a minute later.
    const stale = await documentBundle(node, { anchoredAt: new Date(Date.now() + 60_000) });
    expect(failCodes(stale, trust)).toEqual(expect.arrayContaining(['BUNDLE_HISTORY_INCOMPLETE']));
  });

  it('a seal bundle holds only signatures of that seal', () => {
    const b = clone(bundle);
    b.subject = { kind: 'seal', sealId: b.seals[0]!.sealId };
    expect(verifyProofBundleV2(clone(b), trust).verdict).toBe('VALID');
    b.subject = { kind: 'seal', sealId: '1201049999999' };
    expect(failCodes(b, trust)).toEqual(expect.arrayContaining(['BUNDLE_SUBJECT_MISMATCH', 'BUNDLE_HISTORY_INCOMPLETE']));
  });

  it('fails with a bundle code when any single character of the file changes', async () => {
    const small = await documentBundle(node, { signatures: 1, batchSize: 2 });
    const directTrust = node.trust({ caCertificates: [], ledgerNodes: [node.nodeCertificatePem] });
    const text = JSON.stringify(small);
    expect(verifyProofBundleV2(JSON.parse(text), directTrust).verdict).toBe('VALID');
    const seen = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      const replacement = text[i] === '0' ? '1' : '0';
      let value: unknown;
      try {
        value = JSON.parse(text.slice(0, i) + replacement + text.slice(i + 1));
      } catch {
        continue; // not JSON any more: the reader's MALFORMED_JSON, before any bundle check
      }
      const result = verifyProofBundleV2(value, directTrust);
      const codes = result.checks.filter((c) => c.status === 'fail').map((c) => c.code!);
      if (result.verdict !== 'INVALID' || codes.length === 0)
        throw new Error(`changing character ${i} (${text.slice(Math.max(0, i - 20), i + 20)}) went unnoticed`);
      for (const code of codes) seen.add(code);
    }
    expect([...seen].filter((c) => !/^(BUNDLE_|SEAL_)/.test(c))).toEqual([]);
    expect([...seen]).toEqual(
      expect.arrayContaining(['BUNDLE_MALFORMED', 'BUNDLE_PROOF_INVALID', 'BUNDLE_ATTESTATION_INVALID', 'BUNDLE_ANCHOR_UNTRUSTED']),
    );
  }, 120_000);
});
