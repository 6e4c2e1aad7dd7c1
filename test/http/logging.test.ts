import { Writable } from 'node:stream';
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
    await request(buildTestApp({ logger })).get('/api/v1/fixtures/revoked').set('X-Request-Id', 'trace-42').set('Authorization', 'Bearer secret-token');
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
});
