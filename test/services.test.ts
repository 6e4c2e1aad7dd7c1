/**
 * The test services are real servers, not mocks, and each suite is isolated on them.
 * Runs against whatever global-setup started (FerretDB + Redis) or the TEST_* URLs given.
 */
import IORedis from 'ioredis';
import mongoose from 'mongoose';
import {
  connectSuiteMongoose,
  connectSuiteRedis,
  suiteDatabaseUri,
  suiteNames,
  suiteNamesFor,
  suiteRedisOptions,
  suiteServiceEnv,
  type SuiteMongo,
  type SuiteRedis,
} from './support/env';

describe('test services', () => {
  let mongo: SuiteMongo;
  let redis: SuiteRedis;

  beforeAll(async () => {
    mongo = await connectSuiteMongoose();
    redis = await connectSuiteRedis();
  });

  afterAll(async () => {
    await mongo?.cleanup();
    await redis?.cleanup();
  });

  it('names the suite after its test file, with a random suffix', () => {
    const { databaseName, queuePrefix } = suiteNames();
    expect(databaseName).toMatch(/^services_test_[0-9a-f]{8}$/);
    expect(queuePrefix).toMatch(/^t-services_test-[0-9a-f]{8}$/);
    expect(suiteNamesFor('/x/services.test.ts').databaseName).not.toBe(databaseName);
    expect(suiteDatabaseUri()).toMatch(new RegExp(`/${databaseName}$`));
    expect(suiteServiceEnv()).toEqual({
      MONGODB_URI: suiteDatabaseUri(),
      REDIS_URL: process.env.TEST_REDIS_URL,
      QUEUE_PREFIX: queuePrefix,
    });
  });

  it('keeps names within FerretDB and QUEUE_PREFIX limits for long, odd file names', () => {
    const { databaseName, queuePrefix } = suiteNamesFor(`/x/${'very-long.name '.repeat(10)}.test.ts`, 'abcd1234');
    expect(databaseName.length).toBeLessThanOrEqual(63);
    expect(databaseName).toMatch(/^[A-Za-z0-9_]+_abcd1234$/);
    expect(queuePrefix.length).toBeLessThanOrEqual(32);
    expect(queuePrefix).toMatch(/^t-[A-Za-z0-9_]+-abcd1234$/);
  });

  it('MongoDB: a real wire-protocol server that stores documents and enforces unique indexes', async () => {
    const hello = await mongo.connection.db!.admin().command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(17);

    const seals = mongo.connection.collection('seals');
    await seals.createIndex({ code: 1 }, { unique: true });
    await seals.insertOne({ code: 'S-1', kind: 'legal-name' });
    await expect(seals.insertOne({ code: 'S-1', kind: 'finance' })).rejects.toMatchObject({ code: 11000 });
    expect(await seals.findOne({ code: 'S-1' }, { projection: { _id: 0 } })).toEqual({ code: 'S-1', kind: 'legal-name' });
  });

  it('MongoDB: another suite database does not see this suite data', async () => {
    const { databaseName: otherName } = suiteNamesFor('/x/other-suite.test.ts');
    const other = await connectSuiteMongoose(otherName);
    try {
      await mongo.connection.collection('isolation').insertOne({ owner: 'this suite' });
      expect(await other.connection.collection('isolation').countDocuments()).toBe(0);
      expect(await mongo.connection.collection('isolation').countDocuments()).toBe(1);
    } finally {
      await other.cleanup();
    }
  });

  it('MongoDB: cleanup drops the suite database', async () => {
    const { databaseName } = suiteNamesFor('/x/dropped.test.ts');
    const scratch = await connectSuiteMongoose(databaseName);
    await scratch.connection.collection('c').insertOne({ a: 1 });
    await scratch.cleanup();

    const admin = await mongoose.createConnection(suiteDatabaseUri('admin')).asPromise();
    try {
      const { databases } = await admin.db!.admin().listDatabases();
      expect(databases.map((db) => db.name)).not.toContain(databaseName);
    } finally {
      await admin.close();
    }
  });

  it('Redis: a real server, configured never to evict queue data', async () => {
    expect(await redis.redis.ping()).toBe('PONG');
    const [, policy] = (await redis.redis.config('GET', 'maxmemory-policy')) as string[];
    expect(policy).toBe('noeviction');
    expect(await redis.redis.info('server')).toMatch(/redis_version:\d+\./);
  });

  it('Redis: cleanup removes only keys under its own prefix', async () => {
    const other = await connectSuiteRedis(suiteNamesFor('/x/other-suite.test.ts').queuePrefix);
    const observer = new IORedis(suiteRedisOptions());
    try {
      await redis.redis.set(`${redis.prefix}:job:1`, 'mine');
      await other.redis.set(`${other.prefix}:job:1`, 'theirs');
      await other.cleanup();
      expect(await observer.get(`${other.prefix}:job:1`)).toBeNull();
      expect(await observer.get(`${redis.prefix}:job:1`)).toBe('mine');
    } finally {
      await observer.quit();
    }
  });
});
