/**
 * The starter package is many writes without a transaction: a call that stopped half-way (one seal
 * made, one approved but not made) is completed by repeating it, without a second seal of any kind.
 */
import { api } from './api-helpers';
import { allMaterials, person } from './support/fixtures';
import { startHarness, type Harness } from './support/harness';
import { MAKER } from './support/test-caller-guard';

describe('starter package after a failure half-way', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('a repeat continues the seals already started and makes only the missing ones', async () => {
    const http = api(h.app);
    const unit = await http.registerUnit();
    // Where the failed call stopped: the legal-name seal approved but not made, the finance seal made.
    const legalName = await http.submit(MAKER, unit.unitId, 'LEGAL_NAME');
    expect(legalName.status).toBe(201);
    expect((await http.post(MAKER, `/seal-applications/${legalName.body.applicationId}/review`, { decision: 'APPROVE' })).status).toBe(200);
    const finance = await http.makeSeal(unit.unitId, 'FINANCE');

    const body = {
      channel: 'AGENT',
      materials: allMaterials(),
      custodian: person('孙八'),
      custodianPin: '246810',
      legalRepresentativePin: '135791',
      agent: person('周九'),
    };
    const res = await http.post(MAKER, `/units/${unit.unitId}/starter-package`, body);
    expect(res.status).toBe(201);
    const seals = res.body.seals as Array<{ sealId: string; kind: string; status: string }>;
    expect(seals.map((s) => s.kind)).toEqual(['LEGAL_NAME', 'FINANCE', 'CONTRACT', 'LEGAL_REPRESENTATIVE']);
    expect(seals[0]!.sealId).toBe(legalName.body.sealId);
    expect(seals[1]!.sealId).toBe(finance.sealId);
    expect(seals.every((s) => s.status === 'MADE')).toBe(true);
    expect(await h.services.store.models.seals.countDocuments({ unitId: unit.unitId })).toBe(4);

    // Complete now: a further repeat is refused before anything is written.
    const again = await http.post(MAKER, `/units/${unit.unitId}/starter-package`, body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('DUPLICATE_LEGAL_NAME_SEAL');
    expect(await h.services.store.models.seals.countDocuments({ unitId: unit.unitId })).toBe(4);
  }, 60_000);
});
