/**
 * Per-suite isolation on the shared test services: each test file gets its own MongoDB database
 * and its own BullMQ/Redis key prefix, named after the file plus a random suffix, so suites run
 * in parallel (and re-runs) never see each other's data.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import mongoose, { type Connection } from 'mongoose';
import { TEST_MONGODB_URI, TEST_REDIS_URL } from './service-urls';

// FerretDB v1 accepts database names of at most 63 characters; the server's QUEUE_PREFIX at most 32.
const DATABASE_NAME_MAX = 63;
const QUEUE_PREFIX_MAX = 32;
const SUFFIX_LENGTH = 8;

export interface SuiteNames {
  /** MongoDB database name, e.g. `services_test_3f9a1c2b`. */
  databaseName: string;
  /**
   * BullMQ prefix (and Redis key prefix), e.g. `t-services_test-3f9a1c2b`: at most 32 characters
   * of `A-Z a-z 0-9 _ -`, so it is also a valid QUEUE_PREFIX for the server's config.
   */
  queuePrefix: string;
}

/** Derives the names for one suite from its test file path and a random suffix. */
export function suiteNamesFor(testPath: string, suffix: string = crypto.randomBytes(SUFFIX_LENGTH / 2).toString('hex')): SuiteNames {
  const base =
    path
      .basename(testPath)
      .replace(/\.ts$/, '')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'suite';
  const stem = base.slice(0, DATABASE_NAME_MAX - SUFFIX_LENGTH - 1);
  const queueStem = base.slice(0, QUEUE_PREFIX_MAX - SUFFIX_LENGTH - 3);
  return { databaseName: `${stem}_${suffix}`, queuePrefix: `t-${queueStem}-${suffix}` };
}

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run tests through jest (its global setup starts the services) or set ${name}`);
  }
  return value;
}

function currentTestPath(): string {
  const testPath = expect.getState().testPath;
  if (!testPath) throw new Error('suite names are only available inside a jest test file');
  return testPath;
}

// Module state is per test file: jest gives every file its own module registry.
let names: SuiteNames | undefined;

/** This suite's names, fixed for the whole file. */
export function suiteNames(): SuiteNames {
  names ??= suiteNamesFor(currentTestPath());
  return names;
}

export function suiteDatabaseName(): string {
  return suiteNames().databaseName;
}

/** The MongoDB URI of this suite's own database on the test server. */
export function suiteDatabaseUri(databaseName: string = suiteDatabaseName()): string {
  const url = new URL(requiredEnv(TEST_MONGODB_URI));
  url.pathname = `/${databaseName}`;
  return url.toString();
}

/** BullMQ `prefix` (and Redis key prefix) for this suite's queues. */
export function suiteQueuePrefix(): string {
  return suiteNames().queuePrefix;
}

export function testRedisUrl(): string {
  return requiredEnv(TEST_REDIS_URL);
}

/** ioredis options for the test Redis; `maxRetriesPerRequest: null` is what BullMQ workers require. */
export function suiteRedisOptions(): RedisOptions {
  const url = new URL(testRedisUrl());
  return { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null };
}

/** The service variables of the app's config, pointed at this suite's database and queue prefix. */
export function suiteServiceEnv(): { MONGODB_URI: string; REDIS_URL: string; QUEUE_PREFIX: string } {
  return { MONGODB_URI: suiteDatabaseUri(), REDIS_URL: testRedisUrl(), QUEUE_PREFIX: suiteQueuePrefix() };
}

export interface SuiteMongo {
  connection: Connection;
  databaseName: string;
  /** Drops this suite's database and closes the connection. */
  cleanup(): Promise<void>;
}

/** A mongoose connection to this suite's own database. Call cleanup() in afterAll. */
export async function connectSuiteMongoose(databaseName: string = suiteDatabaseName()): Promise<SuiteMongo> {
  const connection = await mongoose.createConnection(suiteDatabaseUri(databaseName), { serverSelectionTimeoutMS: 5_000 }).asPromise();
  return {
    connection,
    databaseName,
    async cleanup() {
      try {
        await connection.dropDatabase();
      } finally {
        await connection.close();
      }
    },
  };
}

export interface SuiteRedis {
  redis: Redis;
  prefix: string;
  /** Deletes every key under this suite's prefix and disconnects. */
  cleanup(): Promise<void>;
}

/** An ioredis client for the test Redis, scoped by convention to `prefix`. Call cleanup() in afterAll. */
export async function connectSuiteRedis(prefix: string = suiteQueuePrefix()): Promise<SuiteRedis> {
  const redis = new IORedis({ ...suiteRedisOptions(), lazyConnect: true });
  await redis.connect();
  return {
    redis,
    prefix,
    async cleanup() {
      try {
        await deleteKeysWithPrefix(redis, prefix);
      } finally {
        await redis.quit();
      }
    },
  };
}

async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  // SCAN, not KEYS: other suites share this server; never block it or touch their keys.
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${escapeGlob(prefix)}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}
