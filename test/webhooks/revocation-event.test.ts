import type { SealRevoked } from '../../server/src/events';
import { api } from '../lifecycle/api-helpers';
import { revocationMaterials } from '../lifecycle/support/fixtures';
import { startHarness, type Harness } from '../lifecycle/support/harness';
import { MAKER, unitAdmin } from '../lifecycle/support/test-caller-guard';

describe('a committed revocation reaches the event hub (seal.revoked webhooks) as composed by createServices', () => {
  let h: Harness;
  let http: ReturnType<typeof api>;
  const heard: SealRevoked[] = [];

  beforeAll(async () => {
    h = await startHarness();
    http = api(h.app);
    h.services.events.listen({ sealRevoked: async (event) => void heard.push(event) });
  }, 60_000);
  afterAll(async () => h?.close());

  it('tells the hub once the revocation is stored; a failing listener does not undo or fail the revocation', async () => {
    const unit = await http.registerUnit();
    const seal = await http.makeSeal(unit.unitId, 'CONTRACT');
    h.services.events.listen({
      sealRevoked: async () => {
        throw new Error('listener down');
      },
    });
    const revoked = await http.post(MAKER, `/seals/${seal.sealId}/revoke`, {
      reason: 'KEY_LEAKED',
      materials: revocationMaterials('KEY_LEAK_STATEMENT'),
    });
    expect([revoked.status, revoked.body.status]).toEqual([200, 'REVOKED']);
    expect(heard).toEqual([
      expect.objectContaining({ sealId: seal.sealId, unitId: unit.unitId, reason: 'KEY_LEAKED', sealCode: expect.any(String) }),
    ]);
  });

  it('refuses a loopback receiver without the development setting (WEBHOOK_ALLOW_PRIVATE_TARGETS unset)', async () => {
    const unit = await http.registerUnit();
    const res = await http.post(unitAdmin(unit.unitId), '/webhooks/subscriptions', {
      url: 'http://127.0.0.1:9/hook',
      events: ['seal.revoked'],
    });
    expect([res.status, res.body.error.code]).toEqual([422, 'WEBHOOK_URL_REFUSED']);
    const internal = await http.post(unitAdmin(unit.unitId), '/webhooks/subscriptions', {
      url: 'https://169.254.169.254/',
      events: ['seal.revoked'],
    });
    expect([internal.status, internal.body.error.code]).toEqual([422, 'WEBHOOK_URL_REFUSED']);
  });
});
