/**
 * GroupedInserts (server/src/store/ferretdb/grouped-inserts.ts) sends the unique inserts of concurrent
 * callers as one insertMany, and still answers each caller for its own document, as insertedFirst would.
 */
import { MongoClient, type Collection } from 'mongodb';
import { unreachableStore } from '../../server/src/http/store-unreachable';
import { GroupedInserts } from '../../server/src/store/ferretdb/grouped-inserts';
import { suiteDatabaseUri } from '../support/env';

interface Row {
  _id: string;
  n: number;
  $bad?: boolean;
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
    const inserts = new GroupedInserts<Row>(rows as never);
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
    const inserts = new GroupedInserts<Row>(rows as never, 16);

    const answers = await Promise.all(Array.from({ length: 50 }, (_, n) => inserts.insert({ _id: `row-${n}`, n })));

    expect(answers).toEqual(Array(50).fill(true));
    expect(insertCommands).toEqual([1, 16, 16, 16, 1]);
    expect(await rows.countDocuments({})).toBe(50);
  });

  it('fails only the caller of a document the store refuses, when it answers per document', async () => {
    const rows = await freshCollection('grouped_refused');
    const inserts = new GroupedInserts<Row>(rows as never);

    const first = inserts.insert({ _id: 'first', n: 0 });
    const group = [
      inserts.insert({ _id: 'good-1', n: 1 }),
      inserts.insert({ _id: 'refused', n: 2, $bad: true } as Row),
      inserts.insert({ _id: 'good-2', n: 3 }),
    ];
    const settled = await Promise.allSettled([first, ...group]);

    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(insertCommands).toEqual([1, 3]);
    expect((await rows.find({}).sort({ n: 1 }).toArray()).map((r) => r._id)).toEqual(['first', 'good-1', 'good-2']);
  });

  it('sends each document again alone when the store refuses the command as a whole', async () => {
    // FerretDB refuses an insert into a collection of this name (code 73) for the whole command: the
    // driver's bulk error then carries the store's answer, not an error of its own.
    const rows = client.db().collection<Row>('refused$name');
    insertCommands.length = 0;
    const inserts = new GroupedInserts<Row>(rows as never);

    const settled = await Promise.allSettled(['first', 'a', 'b', 'c'].map((id, n) => inserts.insert({ _id: id, n })));

    expect(settled.map((s) => (s.status === 'rejected' ? (s.reason as { code?: number }).code : s.status))).toEqual([73, 73, 73, 73]);
    expect(insertCommands).toEqual([1, 3, 1, 1, 1]);
  });

  it('gives every caller the network error when the store drops the connection, and goes on afterwards', async () => {
    const rows = await freshCollection('grouped_dropped');
    const inserts = new GroupedInserts<Row>(rows as never);

    const first = inserts.insert({ _id: 'first', n: 0 });
    // FerretDB drops the connection on a NaN: no answer for any document of the group.
    const group = [
      inserts.insert({ _id: 'good-1', n: 1 }),
      inserts.insert({ _id: 'bad', n: Number.NaN }),
      inserts.insert({ _id: 'good-2', n: 2 }),
    ];

    await expect(first).resolves.toBe(true);
    const settled = await Promise.allSettled(group);
    const reasons = settled.map((s) => (s.status === 'rejected' ? (s.reason as Error) : undefined));
    expect(reasons.map((r) => r?.name)).toEqual(['MongoNetworkError', 'MongoNetworkError', 'MongoNetworkError']);
    // The error a caller gets is the one the API answers with 503 DEPENDENCY_UNAVAILABLE.
    expect(reasons.map((r) => unreachableStore(r))).toEqual(['mongodb', 'mongodb', 'mongodb']);
    expect(await inserts.insert({ _id: 'after', n: 3 })).toBe(true);
    expect(await rows.countDocuments({ _id: 'after' })).toBe(1);
  });
});

/** A collection whose answers the test chooses: paths the real store does not take on demand. */
function scriptedCollection(insertMany: () => Promise<unknown>) {
  const alone: string[] = [];
  const collection = {
    insertMany,
    async insertOne(doc: Row) {
      alone.push(doc._id);
      if (doc._id === 'taken') throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
      return { acknowledged: true };
    },
  };
  return { collection: collection as never, alone };
}

describe('grouped unique inserts, answers the real store does not give on demand', () => {
  it('re-sends one after another after a refusal, telling a duplicate from an insert', async () => {
    const refused = Object.assign(new Error('command refused'), {
      errorResponse: { ok: 0, code: 10334, errmsg: 'too large' },
      writeErrors: [],
    });
    const { collection, alone } = scriptedCollection(() => Promise.reject(refused));
    const inserts = new GroupedInserts<Row>(collection);

    const answers = await Promise.all(['a', 'b', 'taken', 'c'].map((id, n) => inserts.insert({ _id: id, n })));

    expect(answers).toEqual([true, true, false, true]);
    expect(alone).toEqual(['a', 'b', 'taken', 'c']); // 'a' went alone at once, the others after the refused group
  });

  it('sends the next group when one is not answered in time, its callers still waiting for their own answer', async () => {
    let hungGroupSent!: () => void;
    const sent = new Promise<void>((resolve) => (hungGroupSent = resolve));
    let answerHungGroup!: () => void;
    let calls = 0;
    const { collection } = scriptedCollection(() => {
      if (++calls > 1) return Promise.resolve({ acknowledged: true });
      hungGroupSent();
      return new Promise((resolve) => (answerHungGroup = () => resolve({ acknowledged: true })));
    });
    const inserts = new GroupedInserts<Row>(collection, 64, 50);

    const first = inserts.insert({ _id: 'first', n: 0 }); // alone, answered at once
    const hung = [inserts.insert({ _id: 'h1', n: 1 }), inserts.insert({ _id: 'h2', n: 2 })];
    await sent;
    const later = [inserts.insert({ _id: 'l1', n: 3 }), inserts.insert({ _id: 'l2', n: 4 })];

    expect(await first).toBe(true);
    expect(await Promise.all(later)).toEqual([true, true]);
    // Not failed at the deadline: the write may still commit, and a caller told otherwise would act on
    // "not stored" (give back the approval of a signature that counts).
    const pending = Symbol('pending');
    expect(await Promise.race([...hung, Promise.resolve(pending)])).toBe(pending);
    answerHungGroup();
    expect(await Promise.all(hung)).toEqual([true, true]);
  });
});
