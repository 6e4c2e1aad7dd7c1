import { randomBytes } from 'node:crypto';
import type { mongo } from 'mongoose';
import { connectSuiteMongoose, type SuiteMongo } from '../../../test/support/env';
import { isDuplicateKeyError } from './ferretdb';
import { InsertBatcher } from './insert-batcher';

type Row = { _id: string; n: number };

let suite: SuiteMongo;
let collection: mongo.Collection<Row>;

beforeAll(async () => {
  suite = await connectSuiteMongoose();
  collection = suite.connection.db!.collection<Row>(`insert_batcher_${randomBytes(4).toString('hex')}`);
});
afterAll(async () => suite?.cleanup());

/** The real collection, counting the commands it is sent. */
function counted(): { target: mongo.Collection<Row>; commands: number[] } {
  const commands: number[] = [];
  const target = Object.create(collection) as mongo.Collection<Row>;
  target.insertMany = ((docs: Row[], options: mongo.BulkWriteOptions) => {
    commands.push(docs.length);
    return collection.insertMany(docs, options);
  }) as mongo.Collection<Row>['insertMany'];
  return { target, commands };
}

const id = () => `row_${randomBytes(8).toString('hex')}`;

describe('InsertBatcher', () => {
  it('sends an idle insert at once and the inserts that arrive meanwhile as one command', async () => {
    const { target, commands } = counted();
    const batcher = new InsertBatcher(target, { maxInFlight: 1 });
    const rows = Array.from({ length: 10 }, (_, n) => ({ _id: id(), n }));
    await Promise.all(rows.map((row) => batcher.insert(row)));
    expect(commands).toEqual([1, 9]);
    const stored = await collection.find({ _id: { $in: rows.map((r) => r._id) } }).toArray();
    expect(stored.map((r) => r.n).sort((a, b) => a - b)).toEqual(rows.map((r) => r.n));
  });

  it('rejects only the caller whose _id is taken, with a duplicate-key error; the others are stored', async () => {
    const taken = id();
    await collection.insertOne({ _id: taken, n: -1 });
    const { target } = counted();
    const batcher = new InsertBatcher(target, { maxInFlight: 1 });
    const fresh = [id(), id(), id()];
    // The first insert leaves alone; the taken one travels with two fresh ones in the next command.
    const results = await Promise.allSettled([
      batcher.insert({ _id: fresh[0]!, n: 0 }),
      batcher.insert({ _id: fresh[1]!, n: 1 }),
      batcher.insert({ _id: taken, n: 2 }),
      batcher.insert({ _id: fresh[2]!, n: 3 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(isDuplicateKeyError((results[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(await collection.countDocuments({ _id: { $in: fresh } })).toBe(3);
    expect((await collection.findOne({ _id: taken }))?.n).toBe(-1);
  });

  it('keeps at most maxDocs documents per command', async () => {
    const { target, commands } = counted();
    const batcher = new InsertBatcher(target, { maxInFlight: 1, maxDocs: 4 });
    await Promise.all(Array.from({ length: 11 }, (_, n) => batcher.insert({ _id: id(), n })));
    expect(commands).toEqual([1, 4, 4, 2]);
  });
});
