import { createHash } from 'node:crypto';
import { decodeSeal } from '@eseal/core';
import { transitionClaimId } from '../../server/src/store';
import { rollForward } from '../../server/src/usecases/seals/commit-transition';
import { moveSealDataInline } from '../support/inline-seal-data';
import { api } from './api-helpers';
import { startHarness, type Harness } from './support/harness';
import { person } from './support/fixtures';
import { MAKER, unitAdmin } from './support/test-caller-guard';

let h: Harness;
let http: ReturnType<typeof api>;

beforeAll(async () => {
  h = await startHarness();
  http = api(h.app);
}, 60_000);
afterAll(async () => h?.close());

const sm3 = (bytes: Uint8Array) => createHash('sm3').update(bytes).digest('hex');

async function activeSeal(unitId: string, kind: string, validityDays?: number) {
  const seal = await http.makeSeal(unitId, kind, validityDays ? { validityDays } : {});
  const filing = seal.filings[0];
  await h.services.filingPorts.store.markAcknowledged(filing.filingId, {
    ackId: `ack-${filing.filingId}`,
    filedAt: new Date().toISOString(),
  });
  return (await http.get(MAKER, `/seals/${seal.sealId}`)).body as Record<string, any>;
}

/** The seal document as stored, bypassing the model: what FerretDB parses on every read of the seal. */
const rawSeal = (sealId: string) => h.services.store.models.seals.collection.findOne({ _id: sealId as never });

/** SESeal bytes and the imprint picture inside them, from a seal view. */
function sealDataOf(view: Record<string, any>) {
  const der = Buffer.from(view.sesealDer as string, 'base64');
  return { sm3: sm3(der), picture: Buffer.from(decodeSeal(der).sealInfo.picture.data) };
}

describe('seal data (SESeal, imprint) kept apart from the seal document', () => {
  it('is stored as an artifact named by sesealSm3 when a seal is made, and the view still carries the SESeal', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'CONTRACT');
    expect(sealDataOf(seal).sm3).toBe(seal.sesealSm3);
    const stored = await rawSeal(seal.sealId);
    expect(stored).not.toHaveProperty('seseal');
    expect(stored).not.toHaveProperty('imprintPng');
    const artifact = await h.services.store.models.sealArtifacts.findById(seal.sesealSm3).lean();
    expect(artifact).toMatchObject({ sealId: seal.sealId, imprintSm3: seal.imprintSm3 });
  });

  it('serves seals whose data older data directories hold inline: views, custodian change and renewal', async () => {
    const unit = await http.registerUnit();
    const changed = await activeSeal(unit.unitId, 'FINANCE');
    const renewed = await activeSeal(unit.unitId, 'CONTRACT', 20);
    for (const seal of [changed, renewed]) await moveSealDataInline(h.services.store, seal.sealId);

    const view = (await http.get(MAKER, `/seals/${changed.sealId}`)).body;
    expect(view.sesealDer).toBe(changed.sesealDer);
    const list = (await http.get(MAKER, `/seals?unitId=${unit.unitId}`)).body;
    expect(list.items.map((s: Record<string, unknown>) => s.sesealDer)).toEqual([undefined, undefined]);

    const afterChange = await http.post(unitAdmin(unit.unitId), `/seals/${changed.sealId}/custodian`, {
      custodian: person('钱七'),
      currentPin: '123456',
      newPin: '654321',
    });
    expect(afterChange.status).toBe(200);
    const afterRenewal = await http.post(MAKER, `/seals/${renewed.sealId}/renew`, { validityDays: 365 });
    expect(afterRenewal.status).toBe(200);

    for (const [before, after] of [
      [changed, afterChange.body],
      [renewed, afterRenewal.body],
    ] as const) {
      // A new SESeal with the same imprint, read from the inline data, stored as an artifact only.
      expect(after.sesealSm3).not.toBe(before.sesealSm3);
      expect(sealDataOf(after)).toEqual({ sm3: after.sesealSm3, picture: sealDataOf(before).picture });
      expect(await h.services.store.models.sealArtifacts.exists({ _id: after.sesealSm3 })).toBeTruthy();
      expect(Buffer.from((await rawSeal(before.sealId))!.seseal.buffer).toString('base64')).toBe(before.sesealDer);
    }
  });

  it('applies in full a move claimed before seal_artifacts existed, whose update carries the seal data', async () => {
    const unit = await http.registerUnit();
    const seal = await activeSeal(unit.unitId, 'CONTRACT');
    const { store } = h.services;
    const doc = (await store.models.seals.findById(seal.sealId).lean())!;
    const artifact = (await store.models.sealArtifacts.collection.findOne({ _id: seal.sesealSm3 }))!;
    await store.models.sealArtifacts.deleteOne({ _id: seal.sesealSm3 });
    // What a writer of the earlier layout left when it stopped between claim and update.
    const claimId = transitionClaimId(doc._id, doc.revision);
    await store.models.sealTransitions.create({
      _id: claimId,
      sealId: doc._id,
      revision: doc.revision,
      applied: false,
      at: new Date(),
      set: { sesealSm3: seal.sesealSm3, seseal: artifact.seseal, imprintPng: artifact.imprintPng, revision: doc.revision + 1 },
      audit: {
        sealId: doc._id,
        action: 'CHANGE_CUSTODIAN',
        from: 'ACTIVE',
        to: 'ACTIVE',
        actor: { id: 'crashed', role: 'UNIT_ADMIN' },
        at: new Date().toISOString(),
      },
    });
    await rollForward(store, claimId);
    expect((await store.models.sealTransitions.findById(claimId).lean())?.applied).toBe(true);
    expect((await http.get(MAKER, `/seals/${seal.sealId}`)).body.sesealDer).toBe(seal.sesealDer);
  });
});
