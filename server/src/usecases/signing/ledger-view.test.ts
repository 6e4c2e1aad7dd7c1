import type { VerificationLedger } from '@eseal/core';
import { createContractLedgerClient } from '../../ledger/contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from '../../ledger/config';
import { EmbeddedLedger } from '../../ledger/embedded/embedded-ledger';
import { entryFixture, fixedClock, sealFixture, sm3, tempDir } from '../../ledger/__tests__/support';
import { verificationLedgerOf } from './ledger-view';

describe('verificationLedgerOf over the embedded ledger', () => {
  const dir = tempDir();
  const clock = fixedClock('2026-01-10T00:00:00.000Z');
  let ledger: EmbeddedLedger;
  let view: VerificationLedger;

  beforeAll(async () => {
    ledger = EmbeddedLedger.open({ dataDir: dir.path, durable: false, clock: clock.now });
    const client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY));
    view = verificationLedgerOf(client);
    await client.issueSeal(sealFixture('S-1'));
    clock.set('2026-02-01T00:00:00.000Z');
    await client.anchorBatch({ batchId: 'b-1', root: sm3('root-1'), entries: [entryFixture(1, 'S-1', '2026-01-20T00:00:00.000Z')] });
  });

  afterAll(async () => {
    await ledger.close();
    dir.remove();
  });

  it('reads NOT_FOUND as absent', async () => {
    expect(await view.findSignature(sm3('not anchored yet'))).toBeUndefined();
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
    expect(await view.findBatchRoot!('b-1')).toBe(sm3('root-1'));
  });

  it('lets every other failure through', async () => {
    await expect(view.findSignature('not an sm3 digest')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
