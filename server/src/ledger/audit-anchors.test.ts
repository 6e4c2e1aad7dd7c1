import { createContractLedgerClient } from './contract-ledger-client';
import { DEFAULT_EMBEDDED_IDENTITY } from './config';
import { EmbeddedLedger } from './embedded/embedded-ledger';
import type { LedgerClient, LedgerEvent } from './types';
import { fixedClock, sm3, tempDir } from './__tests__/support';

/** The audit-anchor part of the LedgerClient port, through the real contract on the embedded ledger. */
let dir: ReturnType<typeof tempDir>;
let ledger: EmbeddedLedger;
let client: LedgerClient;
const AT = '2026-01-10T00:00:00.000Z';
const checkpoint = (fromSeq: number, toSeq: number) => ({ fromSeq, toSeq, headHash: sm3(`entry-${toSeq}`), at: AT });

beforeEach(() => {
  dir = tempDir();
  ledger = EmbeddedLedger.open({ dataDir: dir.path, durable: false, clock: fixedClock(AT).now });
  client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY));
});

afterEach(async () => {
  await ledger.close();
  dir.remove();
});

describe('LedgerClient audit anchors (embedded)', () => {
  it('anchors checkpoints in one block each, reads them back by range and latest, and emits AuditAnchored', async () => {
    const events: LedgerEvent[] = [];
    const subscription = await client.subscribe((e) => void events.push(e));
    const first = await client.anchorAudit(checkpoint(1, 4));
    await client.anchorAudit(checkpoint(5, 9));
    expect(first).toMatchObject({
      blockNumber: 0,
      value: { created: true, anchor: { toSeq: 4, txId: first.transactionId, anchoredBy: 'MakerMSP' } },
    });
    expect((await client.getAuditAnchors({ fromSeq: 1 })).anchors.map((a) => a.toSeq)).toEqual([4, 9]);
    expect((await client.getAuditAnchors({ latest: 1 })).anchors.map((a) => a.toSeq)).toEqual([9]);
    expect(await client.getAuditAnchor(4)).toEqual(first.value.anchor);
    await expect(client.getAuditAnchor(5)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    subscription.close();
    await subscription.done;
    expect(events.map((e) => [e.name, e.payload])).toEqual([
      ['AuditAnchored', { ...checkpoint(1, 4), anchoredAt: AT }],
      ['AuditAnchored', { ...checkpoint(5, 9), anchoredAt: AT }],
    ]);
  });

  it('answers an identical re-submit without a new block, and a conflicting one with LEDGER_CONFLICT', async () => {
    await client.anchorAudit(checkpoint(1, 4));
    const height = ledger.height;
    expect((await client.anchorAudit(checkpoint(1, 4))).value.created).toBe(false);
    await expect(client.anchorAudit({ ...checkpoint(1, 4), headHash: sm3('forged') })).rejects.toMatchObject({ code: 'LEDGER_CONFLICT' });
    await expect(client.anchorAudit(checkpoint(3, 8))).rejects.toMatchObject({
      code: 'LEDGER_CONFLICT',
      details: expect.objectContaining({ expectedFromSeq: 5 }),
    });
    // The no-op still commits an (empty) transaction, as Fabric would; the refused ones do not.
    expect(ledger.height).toBe(height + 1);
  });

  it('keeps audit anchors across a restart', async () => {
    await client.anchorAudit(checkpoint(1, 4));
    await ledger.close();
    ledger = EmbeddedLedger.open({ dataDir: dir.path, durable: false, clock: fixedClock(AT).now });
    client = createContractLedgerClient(ledger.transport(DEFAULT_EMBEDDED_IDENTITY));
    expect((await client.getAuditAnchors({ latest: 5 })).anchors.map((a) => a.toSeq)).toEqual([4]);
    await expect(client.anchorAudit(checkpoint(5, 6))).resolves.toMatchObject({ value: { created: true } });
  });
});
