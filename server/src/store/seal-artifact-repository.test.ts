import { createHash } from 'node:crypto';
import { connectSuiteMongoose, type SuiteMongo } from '../../../test/support/env';
import { createStore, ensureIndexes, type Store } from './store';

let mongo: SuiteMongo;
let store: Store;

beforeAll(async () => {
  mongo = await connectSuiteMongoose();
  store = createStore(mongo.connection);
  await ensureIndexes(store);
});
afterAll(async () => mongo?.cleanup());

const sm3 = (bytes: Uint8Array) => createHash('sm3').update(bytes).digest('hex');
const seseal = (text: string) => new Uint8Array(Buffer.from(`SESeal ${text}`));
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

/** A seal document as an older data directory holds it: seal data inline (raw write: the model no longer has these fields). */
async function insertInlineSeal(sealId: string, sesealSm3: string, inline: Uint8Array): Promise<void> {
  await store.models.seals.collection.insertOne({
    _id: sealId as never,
    sesealSm3,
    seseal: Buffer.from(inline),
    imprintPng: Buffer.from(png),
  });
}

describe('seal artifacts (seal data kept apart from the seal document)', () => {
  it('stores the data under its SM3 and hands it back by the hash the seal names', async () => {
    const data = seseal('one');
    const id = await store.sealArtifacts.save({ sealId: 'seal_one', seseal: data, imprintPng: png, createdAt: new Date() });
    expect(id).toBe(sm3(data));
    expect(await store.models.sealArtifacts.findById(id).lean()).toMatchObject({ sealId: 'seal_one', imprintSm3: sm3(png) });
    const read = await store.sealArtifacts.dataOf({ _id: 'seal_one', sesealSm3: id });
    expect(read && Buffer.from(read.seseal).equals(Buffer.from(data))).toBe(true);
    expect(read && Buffer.from(read.imprintPng).equals(Buffer.from(png))).toBe(true);
  });

  it('treats storing the same data again as done (content-addressed id)', async () => {
    const data = seseal('twice');
    const first = await store.sealArtifacts.save({ sealId: 'seal_twice', seseal: data, imprintPng: png, createdAt: new Date() });
    await expect(store.sealArtifacts.save({ sealId: 'seal_twice', seseal: data, imprintPng: png, createdAt: new Date() })).resolves.toBe(
      first,
    );
    expect(await store.models.sealArtifacts.countDocuments({ sealId: 'seal_twice' })).toBe(1);
  });

  it('falls back to the seal data inline in the seal document when no artifact exists', async () => {
    const data = seseal('inline');
    await insertInlineSeal('seal_inline', sm3(data), data);
    const read = await store.sealArtifacts.dataOf({ _id: 'seal_inline', sesealSm3: sm3(data) });
    expect(read && Buffer.from(read.seseal).equals(Buffer.from(data))).toBe(true);
    expect(read && Buffer.from(read.imprintPng).equals(Buffer.from(png))).toBe(true);
  });

  it('prefers the artifact, and ignores inline data that is not the data the seal names', async () => {
    const first = seseal('first issue');
    const reissued = seseal('re-issued');
    await insertInlineSeal('seal_reissued', sm3(first), first);
    await store.sealArtifacts.save({ sealId: 'seal_reissued', seseal: reissued, imprintPng: png, createdAt: new Date() });
    const read = await store.sealArtifacts.dataOf({ _id: 'seal_reissued', sesealSm3: sm3(reissued) });
    expect(read && Buffer.from(read.seseal).equals(Buffer.from(reissued))).toBe(true);
    await expect(store.sealArtifacts.dataOf({ _id: 'seal_reissued', sesealSm3: sm3(seseal('never stored')) })).resolves.toBeUndefined();
  });

  it('has nothing to read for a seal not made yet', async () => {
    await expect(store.sealArtifacts.dataOf({ _id: 'seal_new' })).resolves.toBeUndefined();
  });
});
