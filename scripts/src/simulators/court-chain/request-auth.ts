import { Sm2PublicKey } from '@eseal/core';
import { HEADER_APP_ID, HEADER_NONCE, HEADER_SIGNATURE, HEADER_TIMESTAMP, REQUEST_WINDOW_MS, verifyRequestSignature } from '@eseal/worker';

export type AuthFailure = 'UNKNOWN_APP' | 'BAD_SIGNATURE' | 'STALE_TIMESTAMP' | 'NONCE_REPLAYED' | 'MISSING_AUTH';

/**
 * Checks a signed request as the court would: a registered application's SM2 signature over
 * method, path, timestamp, nonce and body; the timestamp inside the window; the nonce never seen
 * within it. Nonces are remembered for the window only (a later replay fails the timestamp check).
 */
export class RequestAuthenticator {
  private readonly seenNonces = new Map<string, number>();

  constructor(
    private readonly clients: Map<string, Sm2PublicKey>,
    private readonly now: () => number = Date.now,
  ) {}

  check(method: string, path: string, headers: Record<string, string | string[] | undefined>, body: string): AuthFailure | undefined {
    const header = (name: string) => (typeof headers[name] === 'string' ? (headers[name] as string) : undefined);
    const appId = header(HEADER_APP_ID);
    const timestamp = header(HEADER_TIMESTAMP);
    const nonce = header(HEADER_NONCE);
    const signature = header(HEADER_SIGNATURE);
    if (!appId || !timestamp || !nonce || !signature || !/^[0-9a-f]{16,64}$/.test(nonce)) return 'MISSING_AUTH';
    const key = this.clients.get(appId);
    if (key === undefined) return 'UNKNOWN_APP';
    if (!verifyRequestSignature(key, { method, path, timestamp, nonce, body }, signature)) return 'BAD_SIGNATURE';
    const now = this.now();
    if (!/^\d{1,15}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > REQUEST_WINDOW_MS) return 'STALE_TIMESTAMP';
    this.forgetExpired(now);
    const nonceKey = `${appId}\n${nonce}`;
    if (this.seenNonces.has(nonceKey)) return 'NONCE_REPLAYED';
    this.seenNonces.set(nonceKey, now + 2 * REQUEST_WINDOW_MS);
    return undefined;
  }

  private forgetExpired(now: number): void {
    if (this.seenNonces.size < 10_000) return;
    for (const [nonce, expiry] of this.seenNonces) if (expiry < now) this.seenNonces.delete(nonce);
  }
}
