import { createHash, createHmac, randomBytes } from 'node:crypto';
import { LruMap, type Sm2PrivateKey } from '@eseal/core';

/**
 * Keys the custodian's PIN opened recently, like a PKCS#11 session after C_Login: the scrypt that
 * protects a wrapped key costs ~100 ms by design, which would cap signing at a few dozen per second.
 * An entry is found only with the same seal, the same wrapped blob (a PIN change or re-wrap misses)
 * and the same PIN; a wrong PIN always misses and takes the full, counted scrypt path. Entries live in
 * this process's memory only, for `ttlMs`, and the PIN is kept only as an HMAC under a per-process key.
 */
export class UnlockedKeyCache {
  readonly #secret = randomBytes(32);
  readonly #entries: LruMap<string, { key: Sm2PrivateKey; expiresAt: number }>;
  readonly #opening = new Map<string, Promise<Sm2PrivateKey>>();

  constructor(
    private readonly ttlMs: number = 5 * 60_000,
    maxEntries: number = 1000,
    private readonly now: () => number = Date.now,
  ) {
    this.#entries = new LruMap(maxEntries);
  }

  get(sealId: string, wrappedKey: Uint8Array, pin: string): Sm2PrivateKey | undefined {
    if (this.ttlMs <= 0) return undefined;
    const id = this.#id(sealId, wrappedKey, pin);
    const entry = this.#entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(id);
      return undefined;
    }
    return entry.key;
  }

  put(sealId: string, wrappedKey: Uint8Array, pin: string, key: Sm2PrivateKey): void {
    if (this.ttlMs <= 0) return;
    this.#entries.set(this.#id(sealId, wrappedKey, pin), { key, expiresAt: this.now() + this.ttlMs });
  }

  /**
   * The cached key, or the result of `derive`, run once for all concurrent callers with the same seal,
   * blob and PIN: parallel signings with the right PIN cost one derivation and one counted attempt.
   */
  open(sealId: string, wrappedKey: Uint8Array, pin: string, derive: () => Promise<Sm2PrivateKey>): Promise<Sm2PrivateKey> {
    const cached = this.get(sealId, wrappedKey, pin);
    if (cached !== undefined) return Promise.resolve(cached);
    const id = this.#id(sealId, wrappedKey, pin);
    const running = this.#opening.get(id);
    if (running !== undefined) return running;
    const opening = derive()
      .then((key) => {
        this.put(sealId, wrappedKey, pin, key);
        return key;
      })
      .finally(() => this.#opening.delete(id));
    this.#opening.set(id, opening);
    return opening;
  }

  /** Forget every key of a seal (revocation, lock). */
  forgetSeal(sealId: string): void {
    const prefix = `${sealId}\u0000`;
    for (const id of [...this.#entries.keys()]) if (id.startsWith(prefix)) this.#entries.delete(id);
  }

  #id(sealId: string, wrappedKey: Uint8Array, pin: string): string {
    const blob = createHash('sm3').update(wrappedKey).digest('hex');
    const pinTag = createHmac('sm3', this.#secret)
      .update(`${sealId}\u0000${blob}\u0000${pin.normalize('NFC')}`)
      .digest('hex');
    return `${sealId}\u0000${blob}\u0000${pinTag}`;
  }
}
