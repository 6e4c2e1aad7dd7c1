import { createHmac } from 'node:crypto';
import { checkWebhookSignature, webhookSignature } from './webhook-signature';

describe('webhook signatures (HMAC-SM3 over timestamp.body)', () => {
  const secret = 'whsec_test-secret';
  const body = '{"id":"signature.anchored:sig_1","type":"signature.anchored"}';
  const now = new Date('2026-12-01T08:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);

  it('is HMAC-SM3 of "<timestamp>.<body>" under the secret, hex, with a version prefix', () => {
    const expected = createHmac('sm3', secret).update(`${ts}.${body}`).digest('hex');
    expect(webhookSignature(secret, ts, body)).toBe(`v1=${expected}`);
  });

  it('checks a fresh, untouched delivery and refuses a changed body, another secret, a stale or missing timestamp', () => {
    const signature = webhookSignature(secret, ts, body);
    const check = (over: Partial<Parameters<typeof checkWebhookSignature>[0]>) =>
      checkWebhookSignature({ secret, body, timestamp: String(ts), signature, now, ...over });
    expect(check({})).toEqual({ ok: true });
    expect(check({ body: body.replace('sig_1', 'sig_2') })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(check({ secret: 'whsec_other' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    // The timestamp is signed: moving it to make an old capture look fresh breaks the signature.
    expect(check({ timestamp: String(ts + 1) })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(check({ now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'STALE_TIMESTAMP' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'MISSING_HEADERS' });
    expect(check({ signature: 'v1=00' })).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });
});
