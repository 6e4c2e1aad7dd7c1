/**
 * Audit-log anchoring (AnchorAudit) and a paginated query submitted by mistake, through a real Fabric
 * network. Anchors are one sequence for the whole channel and survive between runs of a kept network,
 * so each run continues after the last checkpoint on the ledger instead of starting at 1.
 */
import { createHash } from 'node:crypto';
import { LedgerError, connectFabricLedger, type LedgerClient } from '../../server/src/ledger';
import { fabricLedgerClient, ledgerSettings, requireNetwork, type LocalFabricNetwork } from './network';

const sm3 = (text: string) => createHash('sm3').update(text).digest('hex');
let network: LocalFabricNetwork;
let maker: LedgerClient;
let court: LedgerClient;

beforeAll(async () => {
  network = requireNetwork();
  maker = fabricLedgerClient(network, 'makerIssuer');
  court = fabricLedgerClient(network, 'courtReader');
  await maker.health();
});

afterAll(async () => {
  await maker.close();
  await court.close();
});

describe('audit anchors on Fabric', () => {
  it('anchors the next checkpoint, reads it back as another organisation, is idempotent and refuses a gap', async () => {
    const [last] = (await court.getAuditAnchors({ latest: 1 })).anchors;
    const fromSeq = (last?.toSeq ?? 0) + 1;
    const checkpoint = { fromSeq, toSeq: fromSeq + 9, headHash: sm3(`audit-${Date.now()}`), at: new Date(Date.now() - 1000).toISOString() };

    const anchored = await maker.anchorAudit(checkpoint);
    expect(anchored.value).toMatchObject({
      created: true,
      anchor: { ...checkpoint, anchoredBy: 'MakerMSP', txId: anchored.transactionId },
    });
    expect(await court.getAuditAnchor(checkpoint.toSeq)).toEqual(anchored.value.anchor);
    expect((await court.getAuditAnchors({ fromSeq })).anchors).toEqual([anchored.value.anchor]);
    expect((await maker.anchorAudit(checkpoint)).value.created).toBe(false);

    const gap = await maker
      .anchorAudit({ ...checkpoint, fromSeq: checkpoint.toSeq + 5, toSeq: checkpoint.toSeq + 6 })
      .catch((e: unknown) => e);
    expect(gap).toBeInstanceOf(LedgerError);
    expect(gap).toMatchObject({ code: 'LEDGER_CONFLICT', phase: 'endorse' });
    const denied = await court
      .anchorAudit({ ...checkpoint, fromSeq: checkpoint.toSeq + 1, toSeq: checkpoint.toSeq + 2 })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({ code: 'LEDGER_ACCESS_DENIED' });
  });
});

describe('a paginated query submitted instead of evaluated', () => {
  it('fails with VALIDATION_FAILED instead of crashing in the chaincode', async () => {
    const transport = connectFabricLedger(ledgerSettings(network, 'makerIssuer'));
    try {
      const error = await transport.submit('QuerySealsByUnit', [sm3('no-such-unit'), '10', '']).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    } finally {
      await transport.close();
    }
  });
});
