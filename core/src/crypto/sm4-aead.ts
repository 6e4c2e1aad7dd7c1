import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealError } from '../errors';
import { SM4_BLOCK_BYTES, SM4_KEY_BYTES, sm4Ctr } from './sm4';

/**
 * Authenticated encryption from national primitives only: SM4-CTR then HMAC-SM3 (encrypt-then-MAC),
 * for personal data at rest and for key wrapping.
 *
 * Output, version 1:  "ES4A" | 0x01 | counter block (16) | ciphertext | tag (32)
 * tag = HMAC-SM3(macKey, u32be(len aad) | aad | header | counter block | ciphertext).
 * The encryption and MAC keys are derived from the caller's key with distinct labels, so the same
 * bytes never serve as both. The AAD (a record id, a key id) is authenticated but not stored: a
 * ciphertext copied onto another record fails to decrypt.
 */
const MAGIC = Buffer.from('ES4A', 'ascii');
const VERSION_1 = 1;
const HEADER_BYTES = MAGIC.length + 1;
const TAG_BYTES = 32;
/** Bytes that sm4AeadEncrypt adds to the plaintext. */
export const SM4_AEAD_OVERHEAD = HEADER_BYTES + SM4_BLOCK_BYTES + TAG_BYTES;

interface DerivedKeys {
  enc: Uint8Array;
  mac: Uint8Array;
}

function deriveKeys(key: Uint8Array): DerivedKeys {
  if (key.length < 16 || key.length > 64) {
    throw new SealError('VALIDATION_FAILED', 'SM4-AEAD key must be 16 to 64 bytes', { details: { bytes: key.length } });
  }
  const enc = createHmac('sm3', key).update('eseal/sm4-aead/v1/enc').digest().subarray(0, SM4_KEY_BYTES);
  const mac = createHmac('sm3', key).update('eseal/sm4-aead/v1/mac').digest();
  return { enc, mac };
}

function tag(macKey: Uint8Array, aad: Uint8Array, body: Uint8Array): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(aad.length);
  return createHmac('sm3', macKey).update(len).update(aad).update(body).digest();
}

/** Encrypt and authenticate; a fresh random counter block per call. */
export function sm4AeadEncrypt(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const keys = deriveKeys(key);
  const counter = randomBytes(SM4_BLOCK_BYTES);
  const body = Buffer.concat([MAGIC, Buffer.from([VERSION_1]), counter, sm4Ctr(keys.enc, counter, plaintext)]);
  return new Uint8Array(Buffer.concat([body, tag(keys.mac, aad, body)]));
}

/**
 * Check the tag (constant-time compare) and only then decrypt. Throws DECRYPTION_FAILED for a wrong
 * key, wrong AAD or any modified byte, UNSUPPORTED_VERSION for a well-formed blob of another version.
 */
export function sm4AeadDecrypt(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const keys = deriveKeys(key);
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (buf.length < SM4_AEAD_OVERHEAD || !buf.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new SealError('DECRYPTION_FAILED', 'not an SM4-AEAD ciphertext');
  }
  if (buf[MAGIC.length] !== VERSION_1) {
    throw new SealError('UNSUPPORTED_VERSION', 'unknown SM4-AEAD version', { details: { version: buf[MAGIC.length] } });
  }
  const body = buf.subarray(0, buf.length - TAG_BYTES);
  const expected = tag(keys.mac, aad, body);
  if (!timingSafeEqual(expected, buf.subarray(buf.length - TAG_BYTES))) {
    throw new SealError('DECRYPTION_FAILED', 'SM4-AEAD authentication failed');
  }
  const counter = body.subarray(HEADER_BYTES, HEADER_BYTES + SM4_BLOCK_BYTES);
  return sm4Ctr(keys.enc, counter, body.subarray(HEADER_BYTES + SM4_BLOCK_BYTES));
}
