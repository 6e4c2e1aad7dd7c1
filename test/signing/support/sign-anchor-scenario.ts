/**
 * TEST-ONLY, one scenario for two ledgers: a seal made and used through the HTTP API, its signing
 * record anchored by the worker's anchor handler, then the ledger's own record of it (per-signature
 * key and batch root, read through another organisation's view) and core's verifyPdf against it.
 */
import { merkleLeafHash, verifyInclusion, verifyPdf } from '@eseal/core';
import { readAnchorStatus } from '../../../server/src/store/signing';
import { recordsAnchorLocator, verificationLedgerOf } from '../../../server/src/usecases/signing';
import { anchorEntry, anchorLeafData, runAnchoring } from '../../../worker/src/anchor';
import { startHarness, type Harness } from '../../lifecycle/support/harness';
import type { LedgerBackend } from '../../lifecycle/support/ledger-backend';
import { makeUsableSeal, signApproved } from './lifecycle-signing';

export function signAndAnchorScenario(backend: LedgerBackend): void {
  describe(`signing records anchored through the API (${backend.name})`, () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness({ pinKdf: { log2N: 10, r: 8, p: 1 }, ...backend.services() });
    }, 60_000);
    afterAll(async () => h?.close());

    it('signs a PDF, anchors its record in a Merkle batch, and the ledger and verifyPdf both prove it', async () => {
      const seal = await makeUsableSeal(h);
      const { recordId, signedPdf } = await signApproved(h, seal, `anchored on ${backend.name}`);
      const reader = backend.reader(h);
      try {
        const verify = () =>
          verifyPdf(signedPdf, {
            trust: h.services.signing.deps.trust,
            ledger: verificationLedgerOf(reader.client, recordsAnchorLocator(h.services.signing.deps.signing)),
          });
        const anchorCheck = async () => (await verify()).signatures[0]!.checks.find((c) => c.id === 'ledger.anchor');
        // Not anchored yet is reported, not failed: the anchor job runs later.
        expect(await anchorCheck()).toMatchObject({ status: 'skipped' });

        const run = await runAnchoring(h.services.signing.anchorPorts, 500);
        expect(run).toMatchObject({ batches: 1, anchored: 1, rejected: 0 });
        const record = (await h.services.signing.deps.signing.records.findById(recordId).lean())!;
        const anchor = (await readAnchorStatus(h.services.signing.deps.signing, [recordId])).get(recordId)!;
        expect(anchor).toMatchObject({ state: 'ANCHORED', treeSize: 1, leafIndex: 0, txId: expect.stringMatching(/^[0-9a-f]{64}$/) });

        const onChain = await reader.client.getBatchSignature(anchor.batchId!, record.signatureSm3);
        expect(onChain).toMatchObject({
          recordId,
          sealId: record.sealCode,
          batchId: anchor.batchId,
          documentSm3: record.documentSm3After,
          txId: anchor.txId,
        });
        const batch = await reader.client.getBatch(anchor.batchId!);
        expect(batch).toMatchObject({ batchId: anchor.batchId, root: anchor.root, entryCount: 1 });
        const leaf = merkleLeafHash(
          anchorLeafData(
            anchorEntry({
              recordId,
              sealCode: record.sealCode,
              signedAt: record.signedAt,
              signatureSm3: record.signatureSm3,
              documentSm3: record.documentSm3After,
            }),
          ),
        );
        expect(verifyInclusion(leaf, { leafIndex: 0, treeSize: 1, path: anchor.proof! }, Buffer.from(batch.root, 'hex'))).toBe(true);

        const report = await verify();
        expect(report.valid).toBe(true);
        expect(report.signatures[0]!.checks.filter((c) => c.status === 'fail')).toEqual([]);
        expect(await anchorCheck()).toMatchObject({ status: 'pass', details: { batchId: anchor.batchId, txId: anchor.txId, recordId } });

        // A second run finds nothing to do: the record is not anchored twice.
        expect(await runAnchoring(h.services.signing.anchorPorts, 500)).toMatchObject({ batches: 0, anchored: 0 });
      } finally {
        await reader.close();
      }
    });
  });
}
