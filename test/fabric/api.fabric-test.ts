/**
 * The seal-lifecycle API with LEDGER=fabric: the same composition root and HTTP routes as the
 * lifecycle suite, with the ledger settings `npm run fabric:up` wrote to fabric.env. What the API
 * reports as committed must be on every organisation's copy of the ledger (read through the court's peer).
 */
import request from 'supertest';
import { readLedgerConfig } from '../../server/src/ledger';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { api } from '../lifecycle/api-helpers';
import { MAKER } from '../lifecycle/support/test-caller-guard';
import { revocationMaterials } from '../lifecycle/support/fixtures';
import { fabricEnv, fabricLedgerClient, requireNetwork } from './network';

let h: Harness;
let http: ReturnType<typeof api>;
const court = () => fabricLedgerClient(requireNetwork(), 'courtReader');

beforeAll(async () => {
  h = await startHarness({ ledger: readLedgerConfig(fabricEnv(), { dataDir: '/nonexistent' }) });
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

describe('seal lifecycle API on Fabric', () => {
  it('makes a seal whose issuance is committed on Fabric, and revokes it there', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    expect(seal.ledgerSync).toMatchObject({
      state: 'DONE',
      ops: [{ type: 'ISSUE', state: 'DONE', txId: expect.stringMatching(/^[0-9a-f]{64}$/) }],
    });

    const reader = court();
    try {
      const onChain = await reader.getSeal(seal.esID);
      expect(onChain).toMatchObject({ sealId: seal.sealCode, sesealSm3: seal.sesealSm3, issuedBy: 'MakerMSP' });
      expect(onChain.timeline[0]!.txId).toBe(seal.ledgerSync.ops[0].txId);

      const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
        reason: 'KEY_LEAKED',
        materials: revocationMaterials('KEY_LEAK_STATEMENT'),
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body.ledgerSync.state).toBe('DONE');
      const history = await reader.getSealHistory(seal.esID);
      expect(history.map((entry) => entry.seal?.status)).toEqual(['REVOKED', 'ACTIVE']);
      expect(history[0]!.txId).toBe(revoked.body.ledgerSync.ops[1].txId);
    } finally {
      await reader.close();
    }
  });

  it('reports the Fabric ledger in /health', async () => {
    const res = await request(h.app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body.dependencies).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ledger', status: 'up' })]));
  });
});
