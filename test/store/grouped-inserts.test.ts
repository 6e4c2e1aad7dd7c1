/**
 * GroupedInserts (server/src/store/ferretdb/grouped-inserts.ts) sends the unique inserts of concurrent
 * callers as one insertMany, and still answers each caller for its own document, as insertedFirst would.
 */
import { MongoClient, type Collection } from 'mongodb';
import { GroupedInserts } from '../../server/src/store/ferretdb/grouped-inserts';
import { suiteDatabaseUri } from '../support/env';

interface Row {
  _id: string;
  n: number;
}

describe('grouped unique inserts on the embedded store', () => {
  let client: MongoClient;
  const insertCommands: number[] = [];
  beforeAll(async () => {
    client = await MongoClient.connect(suiteDatabaseUri(), { monitorCommands: true });
    client.on('commandStarted', (event) => {
      if (event.commandName === 'insert') insertCommands.push((event.command.documents as unknown[]).length);
    });
  });
  afterAll(async () => {
    await client?.close();
  });

  const freshCollection = async (name: string): Promise<Collection<Row>> => {
    const rows = client.db().collection<Row>(name);
    await rows.deleteMany({});
    insertCommands.length = 0;
    return rows;
  };

  it('answers each caller for its document, sending concurrent ones together', async () => {
    const rows = await freshCollection('grouped_answers');
    await rows.insertOne({ _id: 'there-before', n: -1 });
    const inserts = new GroupedInserts(rows as never);
    insertCommands.length = 0;

    const fresh = Array.from({ length: 40 }, (_, n) => inserts.insert({ _id: `row-${n}`, n }));
    const already = inserts.insert({ _id: 'there-before', n: 99 });
    const twins = [inserts.insert({ _id: 'twin', n: 1 }), inserts.insert({ _id: 'twin', n: 2 })];

    expect(await Promise.all(fresh)).toEqual(Array(40).fill(true));
    expect(await already).toBe(false);
    expect((await Promise.all(twins)).sort()).toEqual([false, true]);
    // The first document goes alone at once; the others waited for it and went together.
    expect(insertCommands).toEqual([1, 42]);
    expect(await rows.countDocuments({})).toBe(42);
    expect(await rows.findOne({ _id: 'there-before' })).toEqual({ _id: 'there-before', n: -1 });
    expect([1, 2]).toContain((await rows.findOne({ _id: 'twin' }))?.n);
  });

  it('cuts a long queue into commands of the largest size', async () => {
    const rows = await freshCollection('grouped_sizes');
    const inserts = new GroupedInserts(rows as never, 16);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => inserts.insert({ _id: `row-${n}`, n })));

    expect(answers).toEqual(Array(50).fill(true));
    expect(insertCommands).toEqual([1, 16, 16, 16, 1]);
    expect(await rows.countDocuments({})).toBe(50);
  });

  it('fails only the caller of a document the store cannot take, when it made the whole group fail', async () => {
    const rows = await freshCollection('grouped_failure');
    const inserts = new GroupedInserts(rows as never);

    const first = inserts.insert({ _id: 'first', n: 0 });
    // FerretDB drops the connection on a NaN: the group's command fails as a whole, with no answer per document.
    const group = [
      inserts.insert({ _id: 'good-1', n: 1 }),
      inserts.insert({ _id: 'bad', n: Number.NaN }),
      inserts.insert({ _id: 'good-2', n: 2 }),
    ];
    const settled = await Promise.allSettled([first, ...group]);

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(settled.filter((s) => s.status === 'fulfilled').map((s) => s.value)).toEqual([true, true, true]);
    expect((await rows.find({}).sort({ n: 1 }).toArray()).map((r) => r._id)).toEqual(['first', 'good-1', 'good-2']);
  });
});
