import { createCipheriv } from 'node:crypto';
import { SealError } from '../errors';

export const SM4_KEY_BYTES = 16;
export const SM4_BLOCK_BYTES = 16;

/**
 * SM4 in counter mode (GB/T 32907 block cipher, node's native implementation). Encryption and
 * decryption are the same operation. CTR alone gives no integrity: use sm4-aead for anything stored.
 * The 16-byte counter block must never repeat under one key.
 */
export function sm4Ctr(key: Uint8Array, counterBlock: Uint8Array, data: Uint8Array): Uint8Array {
  if (key.length !== SM4_KEY_BYTES)
    throw new SealError('VALIDATION_FAILED', 'SM4 key must be 16 bytes', { details: { bytes: key.length } });
  if (counterBlock.length !== SM4_BLOCK_BYTES) {
    throw new SealError('VALIDATION_FAILED', 'SM4-CTR counter block must be 16 bytes', { details: { bytes: counterBlock.length } });
  }
  const cipher = createCipheriv('sm4-ctr', key, counterBlock);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}
