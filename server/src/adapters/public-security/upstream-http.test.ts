import { SealError } from '@eseal/core';
import { callUpstream, isRetryableUpstreamError } from './upstream-http';

const call = { system: 'filing system', operation: 'file', method: 'PUT', path: 'filing/v1/filings/abc', body: { a: 1 } } as const;

function answering(status: number, body: string): { fetch: typeof fetch; seen: Array<{ url: string; init: RequestInit | undefined }> } {
  const seen: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fake = (async (url: URL | string, init?: RequestInit) => {
    seen.push({ url: String(url), init });
    return new Response(body, { status });
  }) as typeof fetch;
  return { fetch: fake, seen };
}

async function codeAndDetails(status: number, body: string) {
  try {
    await callUpstream({ baseUrl: 'http://127.0.0.1:1/base', timeoutMs: 1_000, fetch: answering(status, body).fetch }, call);
  } catch (error) {
    if (error instanceof SealError) return { code: error.code, details: error.details };
    throw error;
  }
  return undefined;
}

describe('upstream HTTP error mapping', () => {
  it('sends JSON to the path under the base URL and returns the parsed answer', async () => {
    const fake = answering(201, '{"ackId":"x"}');
    const result = await callUpstream({ baseUrl: 'http://127.0.0.1:1/base', timeoutMs: 1_000, fetch: fake.fetch }, call);
    expect(result).toEqual({ status: 201, json: { ackId: 'x' } });
    expect(fake.seen[0]?.url).toBe('http://127.0.0.1:1/base/filing/v1/filings/abc');
    expect(fake.seen[0]?.init?.body).toBe('{"a":1}');
    expect((fake.seen[0]?.init?.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it.each([500, 502, 503, 504, 429, 408])('treats HTTP %i as UPSTREAM_UNAVAILABLE', async (status) => {
    const result = await codeAndDetails(status, '{"error":{"code":"BUSY","message":"later"}}');
    expect(result).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { status, upstreamCode: 'BUSY', retryable: true } });
  });

  it.each([400, 401, 403, 404, 409, 422, 302])('treats HTTP %i as UPSTREAM_REJECTED', async (status) => {
    const result = await codeAndDetails(status, 'not json');
    expect(result).toMatchObject({ code: 'UPSTREAM_REJECTED', details: { status, retryable: false } });
    expect(result?.details).not.toHaveProperty('upstreamCode');
  });

  it('treats an empty or non-JSON 2xx as malformed (retryable)', async () => {
    expect(await codeAndDetails(200, '')).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', details: { reason: 'malformed response' } });
    expect(await codeAndDetails(200, '<html/>')).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('refuses an oversized answer', async () => {
    const fake = answering(200, JSON.stringify({ pad: 'x'.repeat(2_000) }));
    await expect(
      callUpstream({ baseUrl: 'http://127.0.0.1:1', timeoutMs: 1_000, maxResponseBytes: 1_000, fetch: fake.fetch }, call),
    ).rejects.toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      details: { reason: 'response too large' },
    });
  });

  it('keeps the upstream message short', async () => {
    const result = await codeAndDetails(400, JSON.stringify({ error: { code: 'X', message: 'm'.repeat(5_000) } }));
    expect((result?.details?.upstreamMessage as string).length).toBe(500);
  });

  it('classifies only UPSTREAM_UNAVAILABLE as retryable', () => {
    expect(isRetryableUpstreamError(new SealError('UPSTREAM_UNAVAILABLE', 'x'))).toBe(true);
    expect(isRetryableUpstreamError(new SealError('UPSTREAM_REJECTED', 'x'))).toBe(false);
    expect(isRetryableUpstreamError(new Error('x'))).toBe(false);
  });
});
