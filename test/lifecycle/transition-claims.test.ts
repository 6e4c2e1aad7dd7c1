import { startHarness, type Harness } from './support/harness';
import { api } from './api-helpers';
import { MAKER } from './support/test-caller-guard';
import { transitionClaimId } from '../../server/src/store';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

describe('revision claims (compare-and-set that holds on FerretDB)', () => {
  it('lets exactly one of many concurrent reviews win', async () => {
    const unit = await http.registerUnit();
    const app = await http.submit(MAKER, unit.unitId, 'CONTRACT');
    const results = await Promise.all([
      http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' }),
      http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'REJECT', reason: '材料不清晰' }),
      http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const decisions = await h.services.store.audit.countDocuments({ sealId: app.body.sealId, action: { $in: ['APPROVE', 'REJECT'] } });
    expect(decisions).toBe(1);
  });

  it('rolls forward a move whose writer stopped between claim and update, and refuses the late command', async () => {
    const unit = await http.registerUnit();
    const app = await http.submit(MAKER, unit.unitId, 'CONTRACT');
    const seal = await h.services.store.models.seals.findById(app.body.sealId).lean();
    const claimId = transitionClaimId(seal!._id, seal!.revision);
    // What a crashed writer leaves: the claim with its update, nothing applied.
    await h.services.store.models.sealTransitions.create({
      _id: claimId,
      sealId: seal!._id,
      revision: seal!.revision,
      applied: false,
      at: new Date(),
      set: { status: 'REJECTED', rejectionReason: '崩溃前的驳回', revision: seal!.revision + 1, legalNameSlot: seal!._id },
      audit: {
        sealId: seal!._id,
        action: 'REJECT',
        from: 'SUBMITTED',
        to: 'REJECTED',
        actor: { id: 'crashed', role: 'SEAL_MAKER_OPERATOR' },
        at: new Date().toISOString(),
        reason: '崩溃前的驳回',
      },
    });
    const late = await http.post(MAKER, `/seal-applications/${app.body.applicationId}/review`, { decision: 'APPROVE' });
    expect(late.status).toBe(409);
    const now = await http.get(MAKER, `/seal-applications/${app.body.applicationId}`);
    expect(now.body).toMatchObject({ status: 'REJECTED', rejectionReason: '崩溃前的驳回' });
    expect(await h.services.store.audit.findById(`audit_${claimId}`).lean()).toMatchObject({ action: 'REJECT', actor: { id: 'crashed' } });
    expect((await h.services.store.models.sealTransitions.findById(claimId).lean())?.applied).toBe(true);
  });
});
