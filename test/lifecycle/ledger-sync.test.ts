import { startHarness, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER } from './support/test-caller-guard';
import { revocationMaterials } from './support/fixtures';
import { FlakyLedger } from './support/flaky-ledger';

const flaky = new FlakyLedger();
let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness({ decorateLedger: (ledger) => flaky.wrap(ledger) });
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());
afterEach(() => {
  flaky.down = false;
  flaky.loseNextAnswer = false;
});

describe('ledger outbox (mongo first, then the ledger, then DONE)', () => {
  it('keeps the seal MADE with its issuance PENDING while the ledger is down; the reconciler completes it', async () => {
    const unit = await http.registerUnit();
    flaky.down = true;
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    expect(seal.status).toBe('MADE');
    expect(seal.ledgerSync).toMatchObject({
      state: 'PENDING',
      ops: [{ type: 'ISSUE', state: 'PENDING', attempts: 1, lastError: expect.stringContaining('LEDGER_UNAVAILABLE') }],
    });
    await expect(h.services.ledger.getSeal(seal.esID)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const stillDown = await h.services.sweep();
    expect(stillDown.ledgerOpsDone).toBe(0);
    flaky.down = false;
    const swept = await h.services.sweep();
    expect(swept.ledgerOpsDone).toBeGreaterThanOrEqual(1);
    const after = (await http.get(MAKER, `/seals/${seal.sealId}`)).body;
    expect(after.ledgerSync.state).toBe('DONE');
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(after.ledgerSync.ops[0].txId).toBe(onChain.timeline[0]!.txId);
    expect(onChain.sesealSm3).toBe(seal.sesealSm3);
  });

  it('sends queued ops in order: a revocation never overtakes the issuance it revokes', async () => {
    const unit = await http.registerUnit();
    flaky.down = true;
    const seal = await http.makeSeal(unit.unitId, 'FINANCE');
    const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'ESEAL_RETIRED',
      materials: revocationMaterials('RETIREMENT_DECISION'),
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.ledgerSync.ops.map((o: { type: string; state: string }) => `${o.type}:${o.state}`)).toEqual([
      'ISSUE:PENDING',
      'REVOKE:PENDING',
    ]);
    flaky.down = false;
    await h.services.sweep();
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain.timeline.map((e) => e.event)).toEqual(['ISSUED', 'REVOKED']);
    expect((await http.get(MAKER, `/seals/${seal.sealId}`)).body.ledgerSync.state).toBe('DONE');
  });

  it('treats an op whose answer was lost as done when the ledger already holds it (no second transaction)', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    flaky.loseNextAnswer = true;
    const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'KEY_LEAKED',
      materials: revocationMaterials('KEY_LEAK_STATEMENT'),
    });
    // The retry inside the same request finds the revocation on the ledger and records its tx id.
    const onChain = await h.services.ledger.getSeal(seal.esID);
    expect(onChain.timeline.map((e) => e.event)).toEqual(['ISSUED', 'REVOKED']);
    const after =
      revoked.body.ledgerSync.state === 'DONE'
        ? revoked.body
        : (await h.services.sweep(), (await http.get(MAKER, `/seals/${seal.sealId}`)).body);
    expect(after.ledgerSync.state).toBe('DONE');
    expect(after.ledgerSync.ops[1].txId).toBe(onChain.timeline[1]!.txId);
    expect((await h.services.ledger.getSeal(seal.esID)).timeline).toHaveLength(2);
  });
});
