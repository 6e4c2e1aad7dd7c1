import { connectSuiteMongoose, type SuiteMongo } from '../support/env';
import { createStore, ensureIndexes, isDuplicateKeyError, type Store } from '../../server/src/store';

let mongo: SuiteMongo;
let store: Store;

beforeAll(async () => {
  mongo = await connectSuiteMongoose();
  store = createStore(mongo.connection);
  await ensureIndexes(store);
});
afterAll(async () => mongo?.cleanup());

async function duplicateRejected(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return false;
  } catch (error) {
    return isDuplicateKeyError(error);
  }
}

const sealDoc = (id: string, slot: string) => ({
  _id: id,
  unitId: 'unit_x',
  applicationId: `app_${id}`,
  kind: 'LEGAL_NAME',
  status: 'SUBMITTED',
  sealCode: '1201160000001',
  displayName: 'x',
  sealName: '法定名称章',
  legalNameSlot: slot,
  ledgerOps: [],
  filings: [],
  revision: 0,
});

describe('unique indexes on the real store (FerretDB in tests)', () => {
  it('lets only one seal hold a legal-name slot, even bypassing every application check', async () => {
    await store.models.seals.create(sealDoc('seal_a', 'unit_x'));
    expect(await duplicateRejected(() => store.models.seals.create(sealDoc('seal_b', 'unit_x')))).toBe(true);
    await store.models.seals.create(sealDoc('seal_c', 'seal_c'));
    await store.models.seals.create(sealDoc('seal_d', 'seal_d'));
    // Releasing the slot (revocation) lets the next one take it.
    await store.models.seals.updateOne({ _id: 'seal_a' }, { $set: { legalNameSlot: 'seal_a', status: 'REVOKED' } });
    await store.models.seals.create(sealDoc('seal_b', 'unit_x'));
  });

  it('keeps USCCs, people per unit and filing order unique', async () => {
    const identity = { name: 'n', nameMasked: 'n', idNumberCipher: 'c', idNumberHash: 'h1', idNumberMasked: 'm' };
    await store.models.units.create({
      _id: 'unit_1',
      name: 'a',
      uscc: 'U1',
      category: 'ENTERPRISE',
      legalRepresentative: identity,
      legalRepresentativePersonId: 'p',
    });
    expect(
      await duplicateRejected(() =>
        store.models.units.create({
          _id: 'unit_2',
          name: 'b',
          uscc: 'U1',
          category: 'ENTERPRISE',
          legalRepresentative: identity,
          legalRepresentativePersonId: 'p',
        }),
      ),
    ).toBe(true);
    await store.models.people.create({ _id: 'person_1', unitId: 'unit_1', identity, idNumberHash: 'h1' });
    expect(
      await duplicateRejected(() => store.models.people.create({ _id: 'person_2', unitId: 'unit_1', identity, idNumberHash: 'h1' })),
    ).toBe(true);
    await store.models.people.create({ _id: 'person_3', unitId: 'unit_2', identity, idNumberHash: 'h1' });
    const filing = { sealId: 'seal_a', unitId: 'unit_1', action: 'MADE', sequence: 0, record: {}, state: 'PENDING', attempts: 0 };
    await store.models.filings.create({ _id: 'filing_1', ...filing });
    expect(await duplicateRejected(() => store.models.filings.create({ _id: 'filing_2', ...filing }))).toBe(true);
  });
});
