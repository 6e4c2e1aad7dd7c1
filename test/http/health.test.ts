import { createServer as createNetServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import mongoose from 'mongoose';
import request from 'supertest';
import { SealError } from '@eseal/core';
import { loadConfig } from '../../server/src/config/load-config';
import { connectMongo, mongoHealthProbe } from '../../server/src/infra/mongo';
import { connectRedis, redisHealthProbe } from '../../server/src/infra/redis';
import { startServer, type RunningServer } from '../../server/src/start-server';
import { buildTestApp } from './test-app';
import { expectServerRedisConnections, serviceUrl, testEnv } from './services';

/** A loopback port with nothing listening: a dependency that is down. */
async function deadPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('/health with real dependencies', () => {
  let running: RunningServer;

  beforeAll(async () => {
    running = await startServer(loadConfig(testEnv()), {
      extend: () => ({ probes: [{ name: 'ledger', check: async () => undefined }] }),
    });
  });
  afterAll(() => running?.close());

  it('reports every dependency up with its latency', async () => {
    const res = await request(running.url).get('/health');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.status).toBe('up');
    expect(res.body.dependencies.map((d: { name: string }) => d.name)).toEqual(['mongodb', 'redis', 'ledger']);
    for (const dependency of res.body.dependencies) {
      expect(dependency).toEqual({ name: dependency.name, status: 'up', latencyMs: expect.any(Number) });
      expect(dependency.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('serves coded errors from a started server too', async () => {
    const res = await request(running.url).get('/nope');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('/health with a dead dependency', () => {
  const opened: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of opened) await close();
  });

  it('answers 503 naming the dependencies that are down', async () => {
    const liveRedis = await connectRedis(serviceUrl('TEST_REDIS_URL'));
    opened.push(() => liveRedis.quit());
    const deadRedis = new Redis({ host: '127.0.0.1', port: await deadPort(), lazyConnect: true, enableOfflineQueue: false });
    deadRedis.on('error', () => undefined);
    opened.push(async () => deadRedis.disconnect());
    // Never awaited: it keeps trying, as a production connection to a store that went away would.
    const deadMongo = mongoose.createConnection(`mongodb://127.0.0.1:${await deadPort()}/eseal`, { serverSelectionTimeoutMS: 60_000 });
    deadMongo.on('error', () => undefined);
    // Closing the driver client ends the pending connect; mongoose's own close() would wait for it.
    opened.push(() => deadMongo.getClient().close(true));

    const app = buildTestApp({
      probes: [
        { ...redisHealthProbe(liveRedis), name: 'redis' },
        { ...redisHealthProbe(deadRedis), name: 'redis-replica' },
        mongoHealthProbe(deadMongo),
      ],
    });
    const res = await request(app).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.status).toBe('down');
    const byName = Object.fromEntries(res.body.dependencies.map((d: { name: string }) => [d.name, d]));
    expect(byName.redis.status).toBe('up');
    expect(byName['redis-replica']).toMatchObject({ status: 'down', error: expect.stringContaining('DEPENDENCY_UNAVAILABLE') });
    expect(byName.mongodb).toMatchObject({ status: 'down', error: expect.stringContaining('DEPENDENCY_UNAVAILABLE') });
  });

  it('reports a hung dependency as down within the timeout', async () => {
    const app = buildTestApp({ probes: [{ name: 'ledger', check: () => new Promise(() => undefined) }], healthTimeoutMs: 100 });
    const res = await request(app).get('/health');
    expect(res.status).toBe(503);
    expect(res.body.dependencies[0]).toMatchObject({ name: 'ledger', status: 'down', error: 'no answer within 100 ms' });
  });

  it('keeps raw driver messages out of the report', async () => {
    const app = buildTestApp({
      probes: [
        {
          name: 'ledger',
          check: async () => {
            throw new Error('peer0 at 10.1.2.3:7051 refused, cert /etc/keys/admin.pem');
          },
        },
      ],
    });
    const res = await request(app).get('/health');
    expect(res.status).toBe(503);
    expect(res.text).not.toContain('10.1.2.3');
    expect(res.body.dependencies[0].error).toBe('check failed (see server log)');
  });
});

describe('startServer failures', () => {
  it('fails with one coded error when the queue store is down', async () => {
    const config = loadConfig(testEnv({ REDIS_URL: `redis://127.0.0.1:${await deadPort()}` }));
    await expect(startServer(config)).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('REDIS_URL'),
    });
  });

  it('fails with one coded error when the record store is down', async () => {
    await expect(connectMongo(`mongodb://127.0.0.1:${await deadPort()}/eseal`, { serverSelectionTimeoutMS: 300 })).rejects.toMatchObject({
      code: 'DEPENDENCY_UNAVAILABLE',
      message: expect.stringContaining('MONGODB_URI'),
    });
  });

  it('keeps a password in the URI out of the error', async () => {
    const error = await connectRedis(`redis://user:hunter2@127.0.0.1:${await deadPort()}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealError);
    expect((error as SealError).message).not.toContain('hunter2');
  });

  it('reports a port in use as a coded error and releases its connections', async () => {
    const blocker: Server = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    const observer = new Redis(serviceUrl('TEST_REDIS_URL'));
    await expectServerRedisConnections(observer, 0);
    try {
      const error = await startServer(loadConfig(testEnv({ PORT: String(port) }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SealError);
      expect(error).toMatchObject({
        code: 'DEPENDENCY_UNAVAILABLE',
        message: expect.stringContaining(`127.0.0.1:${port} is already in use`),
      });
      // The Redis connection opened before listening failed must be closed again.
      await expectServerRedisConnections(observer, 0);
    } finally {
      await observer.quit();
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('closes idempotently and stops answering', async () => {
    const running = await startServer(loadConfig(testEnv()));
    await request(running.url).get('/health').expect(200);
    await Promise.all([running.close(), running.close()]);
    await expect(request(running.url).get('/health')).rejects.toThrow();
  });
});
