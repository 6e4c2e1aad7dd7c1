/**
 * The embedded store (FerretDB v1 on SQLite) must find a document by `_id` through the unique `_id`
 * index, not by scanning the collection: every hot-path read of the service (a seal on each signing,
 * a record on each verification) is an `_id` read. Upstream wrote the lookup with another SQLite
 * expression than the index, so SQLite scanned; setup builds FerretDB with the fix
 * (scripts/ferretdb/patches). FerretDB's `explain` reports SQLite's own query plan.
 */
import { MongoClient } from 'mongodb';
import { suiteDatabaseUri } from '../support/env';

interface SqlitePlan {
  queryPlanner: { Plan: string[] };
}

describe('the embedded store reads by _id', () => {
  let client: MongoClient;
  beforeAll(async () => {
    client = await MongoClient.connect(suiteDatabaseUri());
  });
  afterAll(async () => {
    await client?.close();
  });

  it.each([
    ['a document that is there', 'doc-7'],
    ['a document that is not', 'doc-none'],
  ])('through the _id index, for %s', async (_, id) => {
    const rows = client.db().collection<{ _id: string; n: number }>('id_lookup');
    await rows.deleteMany({});
    await rows.insertMany(Array.from({ length: 20 }, (__, n) => ({ _id: `doc-${n}`, n })));

    const plan = (await rows.find({ _id: id }).explain()) as unknown as SqlitePlan;

    expect(plan.queryPlanner.Plan.join('\n')).toMatch(/SEARCH \S+ USING INDEX \S+__id_ /);
    expect(plan.queryPlanner.Plan.join('\n')).not.toMatch(/\bSCAN\b/);
    expect(await rows.findOne({ _id: id })).toEqual(id === 'doc-7' ? { _id: id, n: 7 } : null);
  });
});
