import request from 'supertest';
import { ERROR_CODES } from '@eseal/core';
import { ERROR_STATUS } from '../../server/src/http/error-status';
import { buildTestApp } from './test-app';

const app = buildTestApp();

function expectErrorBody(body: unknown, code: string): void {
  expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
}

describe('error model over HTTP', () => {
  it('answers an unknown route with a coded 404', async () => {
    const res = await request(app).get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expectErrorBody(res.body, 'ROUTE_NOT_FOUND');
    expect(res.body.error.details).toEqual({ method: 'GET', path: '/api/v1/no-such-thing' });
  });

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await request(app).delete('/api/v1/fixtures/revoked');
    expect(res.status).toBe(405);
    expectErrorBody(res.body, 'METHOD_NOT_ALLOWED');
    expect(res.headers.allow).toBe('GET, POST');
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(app).post('/api/v1/fixtures/a1').set('Content-Type', 'application/json').send('{"name": ');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'MALFORMED_JSON');
  });

  it('rejects a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await request(app)
      .post('/api/v1/fixtures/a1')
      .send({ name: 'x'.repeat(2048) });
    expect(res.status).toBe(413);
    expectErrorBody(res.body, 'PAYLOAD_TOO_LARGE');
    expect(res.body.error.details).toEqual({ limitBytes: 1024 });
  });

  it('rejects a non-JSON body on a JSON route with 415', async () => {
    const res = await request(app).post('/api/v1/fixtures/a1').set('Content-Type', 'text/plain').send('name=x');
    expect(res.status).toBe(415);
    expectErrorBody(res.body, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('reports body validation failures with issue paths', async () => {
    const res = await request(app)
      .post('/api/v1/fixtures/a1')
      .send({ name: '', tags: ['a', 'b', 'c'] });
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'VALIDATION_FAILED');
    const paths = res.body.error.details.issues.map((i: { in: string; path: string }) => `${i.in}:${i.path}`);
    expect(paths.sort()).toEqual(['body:name', 'body:tags']);
  });

  it('reports a missing body as a validation failure', async () => {
    const res = await request(app).post('/api/v1/fixtures/a1');
    expect(res.status).toBe(400);
    expectErrorBody(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.details.issues[0]).toMatchObject({ in: 'body', path: '' });
  });

  it('validates path parameters and query values', async () => {
    const params = await request(app).post('/api/v1/fixtures/NOT_OK').send({ name: 'n' });
    expect(params.status).toBe(400);
    expect(params.body.error.details.issues[0]).toMatchObject({ in: 'params', path: 'itemId' });
    const query = await request(app).post('/api/v1/fixtures/a1?repeat=9').send({ name: 'n' });
    expect(query.status).toBe(400);
    expect(query.body.error.details.issues[0]).toMatchObject({ in: 'query', path: 'repeat' });
  });

  it('passes parsed input to the handler and strips undeclared response fields', async () => {
    const res = await request(app).post('/api/v1/fixtures/a1?repeat=2').send({ name: 'seal' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ itemId: 'a1', names: ['seal', 'seal'] });
  });

  it('maps a thrown SealError to its status with its details', async () => {
    const res = await request(app).get('/api/v1/fixtures/revoked');
    expect(res.status).toBe(ERROR_STATUS.SEAL_REVOKED);
    expect(res.body).toEqual({ error: { code: 'SEAL_REVOKED', message: 'The seal was revoked', details: { sealId: 's-1' } } });
  });

  it('hides an uncoded error behind 500 INTERNAL with the request id', async () => {
    const res = await request(app).get('/api/v1/fixtures/crash').set('X-Request-Id', 'support-123');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal error', details: { requestId: 'support-123' } } });
    expect(res.text).not.toContain('ECONNREFUSED');
    expect(res.text).not.toContain('at ');
  });

  it('treats a response that breaks its own schema as INTERNAL', async () => {
    const res = await request(app).get('/api/v1/fixtures/wrong-shape');
    expect(res.status).toBe(500);
    expectErrorBody(res.body, 'INTERNAL');
    expect(res.text).not.toContain('many');
  });

  it('cuts the connection when a failure comes after the response started', async () => {
    await expect(request(app).get('/api/v1/fixtures/half-sent')).rejects.toThrow(/socket hang up|aborted|ECONNRESET/);
  });

  it('serves binary answers with content type and download name', async () => {
    const res = await request(app).get('/api/v1/fixtures/file').buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?sample\.pdf"?$/);
    expect(Buffer.from(res.body).toString()).toBe('%PDF-1.7');
  });

  it('has an HTTP status for every code, in the error range', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code]).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code]).toBeLessThan(600);
    }
  });
});

describe('request ids', () => {
  it('echoes a sane incoming X-Request-Id', async () => {
    const res = await request(app).get('/api/v1/fixtures/revoked').set('X-Request-Id', 'abc-123.def:1');
    expect(res.headers['x-request-id']).toBe('abc-123.def:1');
  });

  it('replaces an unsafe one with a generated id', async () => {
    const res = await request(app).get('/api/v1/fixtures/revoked').set('X-Request-Id', 'a b"<script>');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generates one when none is sent, different per request', async () => {
    const [a, b] = await Promise.all([request(app).get('/health'), request(app).get('/health')]);
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });
});
