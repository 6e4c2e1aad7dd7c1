import { createHash } from 'node:crypto';
import { LruMap } from '../cache/lru-map';
import { sm2Verify } from './sm2';
import type { Sm2PublicKey } from './sm2-keys';

/**
 * Verification that remembers signatures it has already found VALID, for data that repeats across
 * requests: a seal's maker signature is checked on every document the seal signs. The key is
 * SM3(public key || length || message || signature), so a hit means the very same inputs verified
 * before; SM3's collision resistance is what makes that safe. Failures are never remembered, so a
 * forged input cannot occupy the cache or change any later answer, and the bound caps memory.
 */
const REMEMBERED = new LruMap<string, true>(4096);

export function sm2VerifyRemembered(key: Sm2PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(message.length);
  const id = createHash('sm3').update(key.point).update(length).update(message).update(signature).digest('base64');
  if (REMEMBERED.get(id)) return true;
  const valid = sm2Verify(key, message, signature);
  if (valid) REMEMBERED.set(id, true);
  return valid;
}
