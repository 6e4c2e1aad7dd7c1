import { createHmac } from 'node:crypto';

/**
 * Per-purpose keys derived from the server KEK (HMAC-SM3 with a label each), so the token-signing key
 * never doubles as the API-key pepper, and neither reveals the KEK that wraps seal keys.
 */
export interface SecurityKeys {
  /** Signs and checks session tokens. */
  readonly tokenKey: Buffer;
  /** The server pepper of API-key hashes: a stolen api_keys collection alone cannot be brute-forced. */
  readonly apiKeyPepper: Buffer;
  /** Derives the CSRF token of a browser (cookie) session from its access token. */
  readonly csrfKey: Buffer;
}

export function deriveSecurityKeys(kek: Uint8Array): SecurityKeys {
  const derive = (label: string) => createHmac('sm3', kek).update(label).digest();
  return { tokenKey: derive('eseal/session-token/v1'), apiKeyPepper: derive('eseal/api-key-pepper/v1'), csrfKey: derive('eseal/csrf/v1') };
}
