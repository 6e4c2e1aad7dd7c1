import { createHmac, randomBytes } from 'node:crypto';
import { sm4AeadDecrypt, sm4AeadEncrypt } from '@eseal/core';

/** Subscription secrets: shown once, stored encrypted (SM4 AEAD, the subscription id as associated data). */
export class WebhookSecrets {
  readonly #key: Buffer;

  /** `kek`: SERVER_KEK; a per-purpose key is derived from it, as for session tokens and identities. */
  constructor(kek: Uint8Array) {
    this.#key = createHmac('sm3', kek).update('eseal/webhook-secret/v1').digest();
  }

  generate(): string {
    return `whsec_${randomBytes(32).toString('base64url')}`;
  }

  seal(subscriptionId: string, secret: string): string {
    return Buffer.from(sm4AeadEncrypt(this.#key, Buffer.from(secret, 'utf8'), Buffer.from(subscriptionId))).toString('base64');
  }

  open(subscriptionId: string, cipher: string): string {
    return Buffer.from(sm4AeadDecrypt(this.#key, Buffer.from(cipher, 'base64'), Buffer.from(subscriptionId))).toString('utf8');
  }
}
