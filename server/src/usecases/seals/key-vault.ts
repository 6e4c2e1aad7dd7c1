import { changeWrappedKeyPin, unwrapSm2PrivateKey, wrapSm2PrivateKey, type Sm2PrivateKey } from '@eseal/core';
import { SealError } from '@eseal/core';

type KdfParams = NonNullable<Parameters<typeof wrapSm2PrivateKey>[3]>;

/** Custodian PINs: digits only, 6-16 long, as on seal media; a PIN is never stored or logged. */
export function assertPinShape(pin: string, field = 'pin'): void {
  if (!/^\d{6,16}$/.test(pin)) {
    throw new SealError('VALIDATION_FAILED', `${field} must be 6 to 16 digits`, { details: { field } });
  }
}

/**
 * Wraps seal keys under PIN + server KEK (core key-wrap). The KEK never leaves this object; the
 * scrypt cost is configurable so tests run fast while production keeps the default.
 */
export class KeyVault {
  readonly #kek: Buffer;

  constructor(
    kek: Uint8Array,
    private readonly kdf?: KdfParams,
  ) {
    this.#kek = Buffer.from(kek);
  }

  wrap(key: Sm2PrivateKey, pin: string, keyId: string): Promise<Uint8Array> {
    assertPinShape(pin);
    return wrapSm2PrivateKey(key, pin, { keyId, kek: this.#kek }, this.kdf);
  }

  unwrap(blob: Uint8Array, pin: string, keyId: string): Promise<Sm2PrivateKey> {
    return unwrapSm2PrivateKey(blob, pin, { keyId, kek: this.#kek });
  }

  /**
   * Custody handover: the outgoing PIN opens the key, the incoming one wraps it (WRONG_PIN otherwise).
   * The new blob is bound to `toKeyId`, the key document it will be stored as: each handover writes a
   * new document, so the seal switches keys in its own commit and a blob is never rewritten in place.
   */
  async changePin(blob: Uint8Array, currentPin: string, newPin: string, keyIds: { from: string; to: string }): Promise<Uint8Array> {
    assertPinShape(newPin, 'newPin');
    if (keyIds.from === keyIds.to) return changeWrappedKeyPin(blob, currentPin, newPin, { keyId: keyIds.from, kek: this.#kek }, this.kdf);
    return this.wrap(await this.unwrap(blob, currentPin, keyIds.from), newPin, keyIds.to);
  }
}
