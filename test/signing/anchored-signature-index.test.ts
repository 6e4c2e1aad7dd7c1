/**
 * A signature's anchoring batch is found by its hash in `anchored_signatures`. Signatures anchored
 * before that index existed are found through their record until a one-time backfill has indexed
 * them; after it, a hash that is not in the index (a forged or random signature sent to public
 * verification) costs one `_id` read, never a scan of the signing records.
 */
import { randomBytes } from 'node:crypto';
import { backfillAnchoredSignatures, batchOfSignature } from '../../server/src/store/signing';
import { createSigningWorld, type SigningWorld } from './support/signing-world';

let world: SigningWorld;
beforeAll(async () => {
  world = await createSigningWorld();
});
afterAll(async () => world?.close());

const hex = () => randomBytes(32).toString('hex');

describe('the signature-to-batch index', () => {
  it('finds legacy anchors through their record, then from the index once backfilled, and stops scanning for unknown hashes', async () => {
    const signatureSm3 = hex();
    const recordId = `sig_legacy_${randomBytes(6).toString('hex')}`;
    const batchId = `batch_legacy_${randomBytes(6).toString('hex')}`;
    // As an older version stored it: the record and its ANCHORED result, no index row.
    await world.signing.records.collection.insertOne({ _id: recordId, signatureSm3, signedAt: new Date() } as never);
    await world.signing.anchorResults.collection.insertOne({ _id: recordId, state: 'ANCHORED', batchId, storedAt: new Date() } as never);

    expect(await batchOfSignature(world.signing, signatureSm3)).toBe(batchId);
    await backfillAnchoredSignatures(world.signing);
    expect(await world.signing.anchoredSignatures.collection.findOne({ _id: signatureSm3 as never })).toMatchObject({ batchId, recordId });

    const scans = jest.spyOn(world.signing.records.collection, 'findOne');
    try {
      expect(await batchOfSignature(world.signing, signatureSm3)).toBe(batchId);
      expect(await batchOfSignature(world.signing, hex())).toBeUndefined();
      expect(scans).not.toHaveBeenCalled();
    } finally {
      scans.mockRestore();
    }
    // A second run (another process, a restart) changes nothing.
    await backfillAnchoredSignatures(world.signing);
    expect(await world.signing.anchoredSignatures.countDocuments({ _id: signatureSm3 })).toBe(1);
  });
});
