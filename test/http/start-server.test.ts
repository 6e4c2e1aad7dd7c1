import request from 'supertest';
import { loadConfig } from '../../server/src/config/load-config';
import { z } from '../../server/src/openapi/zod';
import { startServer } from '../../server/src/start-server';
import { Redis } from 'ioredis';
import { expectServerRedisConnections, serviceUrl, testEnv } from './services';

describe('startServer lifecycle', () => {
  it('lets an in-flight request finish on close, and closes what extensions opened', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const closedByExtension: string[] = [];

    const running = await startServer(loadConfig(testEnv()), {
      extend: ({ mongo, redis }) => {
        // The infra handed to extensions is live.
        expect(mongo.readyState).toBe(1);
        expect(redis.status).toBe('ready');
        return {
          apiModules: [
            (api) =>
              api.route({
                method: 'get',
                path: '/slow',
                summary: 'Waits until released',
                public: true,
                response: { description: 'done', schema: z.object({ done: z.boolean() }) },
                handler: async () => {
                  markStarted();
                  await released;
                  return { done: true };
                },
              }),
          ],
          close: async () => {
            closedByExtension.push('ledger client');
          },
        };
      },
    });

    const inFlight = request(running.url).get('/api/v1/slow');
    const response = inFlight.then((res) => res);
    await started;
    const closing = running.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closedByExtension).toEqual([]); // still draining HTTP
    release();
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
    await closing;
    expect(closedByExtension).toEqual(['ledger client']);
  });

  it('releases the stores when an extension fails to build', async () => {
    const observer = new Redis(serviceUrl('TEST_REDIS_URL'));
    try {
      await expectServerRedisConnections(observer, 0);
      await expect(
        startServer(loadConfig(testEnv()), {
          extend: async () => {
            await expectServerRedisConnections(observer, 1); // open while the extension builds
            throw new Error('ledger identity missing');
          },
        }),
      ).rejects.toThrow('ledger identity missing');
      await expectServerRedisConnections(observer, 0);
    } finally {
      await observer.quit();
    }
  });
});
