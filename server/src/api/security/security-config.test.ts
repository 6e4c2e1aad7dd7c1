import { readSecurityOptions } from './security-config';

describe('readSecurityOptions', () => {
  it('defaults to CORS off, HSTS on TLS only, trust no proxy', () => {
    expect(readSecurityOptions({})).toMatchObject({ corsOrigins: [], hsts: 'auto', requestTimeoutMs: 30_000, anchorIntervalMs: 300_000 });
    expect(readSecurityOptions({}).trustProxy).toBeUndefined();
  });

  it('reads every variable', () => {
    const options = readSecurityOptions({
      CORS_ORIGINS: 'https://portal.example, http://localhost:5173',
      TRUST_PROXY: '1',
      HSTS: 'always',
      REQUEST_TIMEOUT_MS: '5000',
      RATE_LIMIT_PER_IP: '10',
      RATE_LIMIT_PER_CALLER: '20',
      RATE_LIMIT_SIGN_IN: '3',
      AUDIT_ANCHOR_INTERVAL_MS: '0',
    });
    expect(options).toMatchObject({
      corsOrigins: ['https://portal.example', 'http://localhost:5173'],
      trustProxy: 1,
      hsts: 'always',
      requestTimeoutMs: 5000,
      anchorIntervalMs: 0,
      rateLimits: { perIp: { limit: 10 }, perCaller: { limit: 20 }, signIn: { limit: 3 } },
    });
  });

  it('names every wrong variable at once', () => {
    expect(() => readSecurityOptions({ CORS_ORIGINS: '*', HSTS: 'sometimes', RATE_LIMIT_PER_IP: '-1' })).toThrow(
      /CORS_ORIGINS entry "\*".*HSTS must be.*RATE_LIMIT_PER_IP must be/,
    );
  });
});
