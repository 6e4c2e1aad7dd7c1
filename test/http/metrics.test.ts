import request from 'supertest';
import { createMetrics } from '../../server/src/observability/metrics';
import { buildTestApp } from './test-app';

describe('GET /metrics', () => {
  it('exposes default metrics and request durations by route pattern and status', async () => {
    const app = buildTestApp({ metrics: createMetrics() });
    await request(app).post('/api/v1/fixtures/a1').send({ name: 'x' }).expect(201);
    await request(app).post('/api/v1/fixtures/b2').send({ name: '' }).expect(400);
    await request(app).get('/api/v1/fixtures/crash').expect(500);
    await request(app).get('/random/scanner/path/123').expect(404);
    await request(app).delete('/api/v1/fixtures/crash').expect(405);

    const res = await request(app).get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain('# TYPE http_request_duration_seconds histogram');
    const count = (labels: string) =>
      Number(new RegExp(`http_request_duration_seconds_count\\{${labels}\\} (\\d+)`).exec(res.text)?.[1] ?? NaN);
    expect(count('method="POST",route="/api/v1/fixtures/:itemId",status_code="201"')).toBe(1);
    expect(count('method="POST",route="/api/v1/fixtures/:itemId",status_code="400"')).toBe(1);
    expect(count('method="GET",route="/api/v1/fixtures/crash",status_code="500"')).toBe(1);
    expect(count('method="GET",route="<unmatched>",status_code="404"')).toBe(1);
    expect(count('method="DELETE",route="/api/v1/fixtures/:itemId",status_code="405"')).toBe(1);
    // The exposition format has no empty lines: every line is a comment or a sample.
    expect(res.text.endsWith('\n')).toBe(true);
    expect(
      res.text
        .slice(0, -1)
        .split('\n')
        .filter((line) => !/^(# (HELP|TYPE) \S+ .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \S+)$/.test(line)),
    ).toEqual([]);
    // Raw URLs never become label values.
    expect(res.text).not.toContain('/api/v1/fixtures/a1');
    expect(res.text).not.toContain('scanner');
  });
});
