import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { createApp, type ApiModule } from '../../server/src/app';
import { createHttpSecurity } from '../../server/src/http/security';
import { createLogger } from '../../server/src/observability/logger';
import { z } from '../../server/src/openapi/zod';
import { UNIT_A, auditFor, request, startHarness, tokenFor, type SecureHarness } from './support';

const slowRoutes: ApiModule = (api) => {
  api.route({
    method: 'get',
    path: '/fixtures/slow',
    public: true,
    summary: 'Answers after 500 ms',
    response: { description: 'late', schema: z.object({ late: z.boolean() }) },
    handler: async () => {
      await new Promise((r) => setTimeout(r, 500));
      // The answer is returned on the next turn; whatever the router does with it happens in this one.
      setImmediate(() => slowHandlerReturned.resolve());
      return { late: true };
    },
  });
};
/** Settles once the slow fixture's handler has returned (re-armed by the test that waits for it). */
function signal() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
let slowHandlerReturned = signal();

let h: SecureHarness;
beforeAll(async () => {
  h = await startHarness({ perIpLimit: 40, requestTimeoutMs: 150, extraModules: [slowRoutes] });
});
afterAll(() => h.close());

describe('security headers', () => {
  it('sends CSP, nosniff, no framing, no caching of API answers, and no x-powered-by', async () => {
    const res = await request(h.app).get('/api/v1/openapi.json');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-powered-by']).toBeUndefined();
    // Plain HTTP: no HSTS (it would pin a scheme the server does not speak).
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS for requests that arrived over TLS through a trusted proxy', async () => {
    const app = createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 1024,
      probes: [],
      security: createHttpSecurity({ apiBasePath: '/api/v1', trustProxy: 'loopback' }),
    });
    const res = await request(app).get('/health').set('X-Forwarded-Proto', 'https');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const untrusted = createApp({ logger: createLogger({ level: 'silent' }), bodyLimitBytes: 1024, probes: [] });
    expect(
      (await request(untrusted).get('/health').set('X-Forwarded-Proto', 'https')).headers['strict-transport-security'],
    ).toBeUndefined();
  });
});

describe('CORS', () => {
  const appWith = (origins: string[]) =>
    createApp({
      logger: createLogger({ level: 'silent' }),
      bodyLimitBytes: 1024,
      probes: [],
      security: createHttpSecurity({ apiBasePath: '/api/v1', corsOrigins: origins }),
    });

  it('is off by default: no allow-origin header for any origin', async () => {
    const res = await request(appWith([])).get('/api/v1/openapi.json').set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers only exactly listed origins, including preflight', async () => {
    const app = appWith(['https://portal.example']);
    const ok = await request(app)
      .options('/api/v1/auth/sign-in')
      .set('Origin', 'https://portal.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('https://portal.example');
    expect(ok.headers['access-control-allow-headers']).toContain('Authorization');
    for (const origin of ['https://portal.example.evil.example', 'http://portal.example', 'null']) {
      const res = await request(app).get('/api/v1/openapi.json').set('Origin', origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 RATE_LIMITED with Retry-After once an IP exceeds its window, and audits it', async () => {
    let limited: request.Response | undefined;
    // Windows are whole wall-clock minutes: a boundary may split the requests in two, so send enough
    // that one of the two windows must exceed its limit of 40.
    for (let i = 0; i < 81 && !limited; i++) {
      const res = await request(h.app)
        .get(`/api/v1/fixtures/units/${UNIT_A}/seals`)
        .set('Authorization', `Bearer ${tokenFor(h, 'UNIT_ADMIN')}`)
        .set('X-Request-Id', `rate-${i}`);
      if (res.status === 429) limited = res;
    }
    expect(limited?.body.error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited?.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const requestId = limited!.headers['x-request-id'];
    expect(await auditFor(h, requestId)).toEqual([expect.objectContaining({ result: 'DENIED', status: 429, code: 'RATE_LIMITED' })]);
    // Clear the window so the other tests of this file are not limited.
    let cursor = '0';
    do {
      const [next, keys] = await h.redis.redis.scan(cursor, 'MATCH', `${h.redis.prefix}:sec:rate:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await h.redis.redis.del(...keys);
    } while (cursor !== '0');
  });
});

describe('request time limit', () => {
  it('answers 408 REQUEST_TIMEOUT when a request outlives the limit', async () => {
    const res = await request(h.app).get('/api/v1/fixtures/slow').set('X-Request-Id', 'slow-1');
    expect([res.status, res.body.error.code]).toEqual([408, 'REQUEST_TIMEOUT']);
    expect(await auditFor(h, 'slow-1')).toEqual([expect.objectContaining({ status: 408, code: 'REQUEST_TIMEOUT' })]);
    await new Promise((r) => setTimeout(r, 500));
  });

  it('keeps the connection after the 408 when the handler finishes late: the next request on it is not cut', async () => {
    // Found by the soak run: the late answer was written into the finished response, and the error
    // that raised destroyed the socket, which keep-alive clients had already reused.
    const server = h.app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const port = (server.address() as AddressInfo).port;
      slowHandlerReturned = signal();
      const get = (path: string) =>
        new Promise<{ status: number; socket: Socket }>((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
            res.resume();
            res.on('end', () => resolve({ status: res.statusCode!, socket: req.socket! }));
          });
          req.on('error', reject);
        });
      const first = await get('/api/v1/fixtures/slow');
      expect(first.status).toBe(408);
      let closed = false;
      first.socket.once('close', () => (closed = true));
      await slowHandlerReturned.promise;
      await new Promise((r) => setImmediate(r));
      expect(closed).toBe(false);
      const second = await get('/health');
      expect([second.status, second.socket]).toEqual([200, first.socket]);
    } finally {
      agent.destroy();
      server.close();
    }
  });
});
