import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DevelopmentCertificateAuthority,
  LocalSm2Signer,
  MerkleTree,
  Sm2PrivateKey,
  anchorLeafData,
  merkleLeafHash,
  parseBundleTrust,
  sm2Sign,
  sm2Verify,
  toPem,
  verifyProofBundleV2,
  type AnchorEntryFacts,
} from '@eseal/core';
import { DEFAULT_EMBEDDED_IDENTITY, EmbeddedLedger, createContractLedgerClient } from '../../ledger';
import { EmbeddedBlockAttestor } from '../../ledger/embedded/block-attestor';

import { buildProofBundle, type AnchoredRecord } from './build-proof-bundle';

export interface ProofBundleCost {
  signatures: number;
  bytes: number;
  bytesPerSignature: number;
  verifyMsPerSignature: number;
  /** One SM2 verification measured in the same run, the floor of any signed evidence. */
  sm2VerifyMs: number;
}

const hex32 = () => randomBytes(32).toString('hex');

/**
 * The "bundle" benchmark: a document with `signatures` signatures anchored in a batch of `batchSize` on a
 * fresh embedded ledger, its v2 bundle built by the node's attestor, then its size and the time to check
 * it offline (against the CA that certified the node), per signature.
 */
export async function measureProofBundleCost(
  options: { signatures?: number; batchSize?: number; rounds?: number } = {},
): Promise<ProofBundleCost> {
  const { signatures = 10, batchSize = 1000, rounds = 20 } = options;
  const dir = mkdtempSync(join(tmpdir(), 'eseal-bundle-'));
  const ledger = EmbeddedLedger.open({ dataDir: dir, durable: false });
  const transport = ledger.transport(DEFAULT_EMBEDDED_IDENTITY, true);
  const client = createContractLedgerClient(transport);
  try {
    const now = Date.now();
    const sealId = `BENCH-${randomBytes(4).toString('hex')}`;
    await client.issueSeal({
      sealId,
      unitId: hex32(),
      kind: 'CONTRACT',
      imprintSm3: hex32(),
      certSerial: '01',
      certSm3: hex32(),
      sesealSm3: hex32(),
      validFrom: new Date(now - 86_400_000).toISOString(),
      validTo: new Date(now + 365 * 86_400_000).toISOString(),
    });
    const signedAt = new Date(Math.ceil(Date.now() / 1000) * 1000).toISOString();
    const entries: AnchorEntryFacts[] = Array.from({ length: batchSize }, () => ({
      recordId: `r_${hex32().slice(0, 16)}`,
      sealId,
      signedAt,
      signatureSm3: hex32(),
      documentSm3: hex32(),
    }));
    const tree = new MerkleTree(entries.map((e) => merkleLeafHash(anchorLeafData(e))));
    const root = Buffer.from(tree.root).toString('hex');
    await new Promise((done) => setTimeout(done, Math.max(0, Date.parse(signedAt) + 1 - Date.now())));
    await client.anchorBatch({ batchId: 'bench-batch', root, entries });

    const ca = await DevelopmentCertificateAuthority.create();
    const key = Sm2PrivateKey.generate();
    const certificate = await ca.issue({
      subject: { commonName: 'bench ledger node' },
      publicKey: key.publicKey,
      notBefore: new Date(Math.floor(now / 1000) * 1000),
      notAfter: new Date(now + 86_400_000),
      profile: 'signer',
    });
    const attestor = new EmbeddedBlockAttestor(
      ledger,
      transport.evaluate,
      { signer: new LocalSm2Signer(key), certificateDer: certificate.der },
      ledger.channel,
    );
    const records = entries.slice(0, signatures).map(
      (e, i) =>
        ({
          _id: e.recordId,
          sealCode: sealId,
          signedAt: new Date(e.signedAt),
          signatureSm3: e.signatureSm3,
          documentSm3After: e.documentSm3,
          anchor: { state: 'ANCHORED', batchId: 'bench-batch', leafIndex: i, treeSize: batchSize, proof: tree.proof(i).path, root },
        }) as unknown as AnchoredRecord,
    );
    const bundle = await buildProofBundle(attestor, { kind: 'document', documentSm3: entries[signatures - 1]!.documentSm3 }, records);
    const text = JSON.stringify(bundle);
    const trust = parseBundleTrust({ format: 'eseal.trust', version: 1, caCertificates: ca.chain().map((c) => toPem(c.der)) });

    if (verifyProofBundleV2(JSON.parse(text), trust).verdict !== 'VALID') throw new Error('the benchmark bundle does not verify');
    const started = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) verifyProofBundleV2(JSON.parse(text), trust);
    const verifyMs = Number(process.hrtime.bigint() - started) / 1e6 / rounds;

    const message = new Uint8Array(Buffer.from(text.slice(0, 1024)));
    const signature = sm2Sign(key, message);
    const sm2Started = process.hrtime.bigint();
    for (let r = 0; r < rounds * 10; r++) sm2Verify(key.publicKey, message, signature);
    const sm2VerifyMs = Number(process.hrtime.bigint() - sm2Started) / 1e6 / (rounds * 10);

    const bytes = Buffer.byteLength(text);
    return {
      signatures,
      bytes,
      bytesPerSignature: Math.round(bytes / signatures),
      verifyMsPerSignature: verifyMs / signatures,
      sm2VerifyMs,
    };
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
