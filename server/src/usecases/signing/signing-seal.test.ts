import { newId } from '../../store';
import { moveSealDataInline } from '../../../../test/support/inline-seal-data';
import { createSigningWorld, type SigningWorld } from '../../../../test/signing/support/signing-world';
import { loadSigningSeal, SealMaterialCache } from './signing-seal';

/** The seal's state is read on every load; its material (seal data, certificate, wrapped key) is cached by what the seal names. */
describe('loadSigningSeal', () => {
  let w: SigningWorld;
  beforeAll(async () => {
    w = await createSigningWorld();
  });
  afterAll(async () => {
    await w.close();
  });

  it("uses the key the seal names now: a handover's new key document is seen on the next load", async () => {
    const seal = await w.addSeal({ unitId: 'unit_keys', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_keys' });
    const cache = new SealMaterialCache();
    const first = await loadSigningSeal(w.store, seal.sealId, new Date(), cache);
    const again = await loadSigningSeal(w.store, seal.sealId, new Date(), cache);
    expect(again.wrappedKey).toBe(first.wrappedKey);

    // A handover stores the re-wrapped key as a new document and points the seal at it: the cached
    // (outgoing) blob must not be used.
    const keyId = newId('key');
    await w.store.models.sealKeys.create({ _id: keyId, sealId: seal.sealId, wrapped: Buffer.from([4, 5, 6]), publicKeyHex: 'test' });
    await w.store.models.seals.updateOne({ _id: seal.sealId }, { $set: { keyId } });
    const moved = await loadSigningSeal(w.store, seal.sealId, new Date(), cache);
    expect(moved.keyId).toBe(keyId);
    expect([...moved.wrappedKey]).toEqual([4, 5, 6]);
  });

  it('still refuses a revoked seal whose material is cached', async () => {
    const seal = await w.addSeal({ unitId: 'unit_revoked', kind: 'LEGAL_REPRESENTATIVE', actingPersonId: 'person_revoked' });
    const cache = new SealMaterialCache();
    await loadSigningSeal(w.store, seal.sealId, new Date(), cache);
    await w.store.models.seals.updateOne({ _id: seal.sealId }, { $set: { status: 'REVOKED' } });
    await expect(loadSigningSeal(w.store, seal.sealId, new Date(), cache)).rejects.toMatchObject({ code: 'SEAL_REVOKED' });
  });

  it('reads seal data stored inline (data directories from before seal_artifacts) when no artifact exists', async () => {
    const seal = await w.addSeal({ unitId: 'unit_inline', kind: 'CONTRACT', actingPersonId: 'person_inline' });
    const fromArtifact = await loadSigningSeal(w.store, seal.sealId, new Date());
    await moveSealDataInline(w.store, seal.sealId);
    expect(await w.store.models.sealArtifacts.countDocuments({ sealId: seal.sealId })).toBe(0);

    const fromInline = await loadSigningSeal(w.store, seal.sealId, new Date(), new SealMaterialCache());
    expect(Buffer.from(fromInline.seseal).equals(Buffer.from(fromArtifact.seseal))).toBe(true);
    expect(Buffer.from(fromInline.imprint.png).equals(Buffer.from(fromArtifact.imprint.png))).toBe(true);
    expect(fromInline).toMatchObject({ sealCode: seal.sealCode, imprint: { widthMm: 40, heightMm: 40 } });
  });
});
