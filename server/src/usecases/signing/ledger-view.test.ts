import { anchorBatchRoot, type VerificationLedger } from '@eseal/core';
import { createContractLedgerClient } from '../../ledger/contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from '../../ledger/config';
import { EmbeddedLedger } from '../../ledger/embedded/embedded-ledger';
import { anchorBatchInput, entryFixture, fixedClock, sealFixture, sm3, tempDir } from '../../ledger/__tests__/support';
import { NO_BATCHES_KNOWN, verificationLedgerOf, type AnchorLocator } from './ledger-view';

describe('verificationLedgerOf over the embedded ledger', () => {
  const dir = tempDir();
  const clock = fixedClock('2026-01-10T00:00:00.000Z');
  let ledger: EmbeddedLedger;
  let client: ReturnType<typeof createContractLedgerClient>;
  let view: VerificationLedger;
  // The service's records name each anchored signature's batch; this one knows sig-1 (and a wrong batch for sig-2).
  const locator: AnchorLocator = {
    batchOf: async (signatureSm3) => ({ [sm3('sig-1')]: 'b-1', [sm3('sig-2')]: 'b-1', ['not an sm3 digest']: 'b-1' })[signatureSm3],
    complete: true,
  };

  const anchored = [entryFixture(1, 'S-1', '2026-01-20T00:00:00.000Z')];
  beforeAll(async () => {
    ledger = EmbeddedLedger.open({ dataDir: dir.path, durable: false, clock: clock.now });
    client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY));
    view = verificationLedgerOf(client, locator);
    await client.issueSeal(sealFixture('S-1'));
    clock.set('2026-02-01T00:00:00.000Z');
    await client.anchorBatch(anchorBatchInput('b-1', anchored));
  });

  afterAll(async () => {
    await ledger.close();
    dir.remove();
  });

  it('reads NOT_FOUND as absent', async () => {
    expect(await view.findSignature(sm3('not anchored yet'))).toBeUndefined();
    expect(await view.findSignature(sm3('sig-2'))).toBeUndefined(); // a batch that does not hold it
    expect(view.findsEverySignature).toBeUndefined();
    expect(await view.findSeal('S-404')).toBeUndefined();
    expect(await view.findBatchRoot!('b-404')).toBeUndefined();
  });

  it('returns what is anchored', async () => {
    expect(await view.findSeal('S-1')).toMatchObject({ sealCode: 'S-1', timeline: [expect.objectContaining({ status: 'ACTIVE' })] });
    expect(await view.findSignature(sm3('sig-1'))).toMatchObject({
      recordId: 'rec-1',
      sealCode: 'S-1',
      batchId: 'b-1',
      signedAt: new Date('2026-01-20T00:00:00.000Z'),
    });
    expect(await view.findBatchRoot!('b-1')).toBe(anchorBatchRoot(anchored));
  });

  it('without the batch of a signature, says it cannot tell a missing anchor', async () => {
    const blind = verificationLedgerOf(client, NO_BATCHES_KNOWN);
    expect(blind.findsEverySignature).toBe(false);
    expect(await blind.findSignature(sm3('sig-1'))).toBeUndefined();
  });

  it('lets every other failure through', async () => {
    await expect(view.findSignature('not an sm3 digest')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
