import { once } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import { Writable } from 'node:stream';
import express from 'express';
import { useRequestLogging } from '../../server/src/http/request-logger';
import request from 'supertest';
import { createLogger } from '../../server/src/observability/logger';
import { buildTestApp } from './test-app';

function captureLogs() {
  const lines: Array<Record<string, any>> = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

describe('request logging', () => {
  it('logs one line per request carrying the request id', async () => {
    const { logger, lines } = captureLogs();
    await request(buildTestApp({ logger }))
      .get('/api/v1/fixtures/revoked')
      .set('X-Request-Id', 'trace-42')
      .set('Authorization', 'Bearer secret-token');
    const line = lines.find((l) => l.req?.id === 'trace-42');
    expect(line).toMatchObject({ level: 40, req: { method: 'GET', url: '/api/v1/fixtures/revoked' }, res: { statusCode: 409 } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('puts the stack of an unexpected error in the log, not in the response', async () => {
    const { logger, lines } = captureLogs();
    const res = await request(buildTestApp({ logger })).get('/api/v1/fixtures/crash').set('X-Request-Id', 'crash-1');
    expect(res.text).not.toContain('ECONNREFUSED');
    const line = lines.find((l) => l.req?.id === 'crash-1');
    expect(line?.level).toBe(50);
    expect(line?.err?.message).toContain('ECONNREFUSED 10.0.0.7');
    expect(line?.err?.stack).toContain('test-app.ts');
  });

  describe('the request logger on its own', () => {
    function app() {
      const { logger, lines } = captureLogs();
      const served = express();
      useRequestLogging(served, logger);
      served.get('/log', (req, res) => {
        req.log.info({ step: 1 }, 'inside the route');
        res.send('ok');
      });
      served.get('/unavailable', (_req, res) => {
        res.status(503).end();
      });
      served.get('/never', () => undefined);
      return { served, lines };
    }

    it('gives lines written through req.log the same req binding as the request line', async () => {
      const { served, lines } = app();
      await request(served).get('/log?x=1').set('X-Request-Id', 'trace-7').expect(200);
      const inside = lines.find((l) => l.msg === 'inside the route');
      expect(inside).toMatchObject({ req: { id: 'trace-7', method: 'GET', url: '/log?x=1' }, step: 1 });
      expect(lines.find((l) => l.msg === 'request completed')).toMatchObject({
        level: 30,
        req: { id: 'trace-7' },
        res: { statusCode: 200 },
      });
    });

    it('logs a 5xx answered without a thrown error as an errored request with a reason', async () => {
      const { served, lines } = app();
      await request(served).get('/unavailable').expect(503);
      expect(lines.find((l) => l.res?.statusCode === 503)).toMatchObject({
        level: 50,
        msg: 'request errored',
        err: { message: 'failed with status code 503' },
      });
    });

    it('logs a request the client gave up on as aborted, with no status', async () => {
      const { served, lines } = app();
      const server: Server = served.listen(0, '127.0.0.1');
      await once(server, 'listening');
      try {
        const { port } = server.address() as { port: number };
        const req = httpRequest({ host: '127.0.0.1', port, path: '/never' });
        req.on('error', () => undefined);
        // Give up only once the server has the request: before that there is nothing to log.
        const arrived = once(server, 'request');
        req.end();
        await arrived;
        req.destroy();
        for (let i = 0; i < 250 && !lines.some((l) => l.msg === 'request aborted'); i++)
          await new Promise((resolve) => setTimeout(resolve, 20));
        expect(lines.find((l) => l.msg === 'request aborted')).toMatchObject({
          level: 30,
          req: { url: '/never' },
          res: { statusCode: null },
        });
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });
  });
});
