import { scrypt } from 'node:crypto';
import { SealError } from '../errors';

/**
 * scrypt parameters for turning a holder's PIN (保护口令) into key material. Stored in every wrapped
 * key so they can be raised later without breaking old blobs; bounded on read so that a crafted blob
 * cannot make the server allocate gigabytes.
 */
export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  log2N: number;
  r: number;
  p: number;
}

/** N = 2^15, r = 8: 32 MiB and roughly 100 ms per derivation, so each PIN guess is expensive. */
export const DEFAULT_PIN_KDF: ScryptParams = { log2N: 15, r: 8, p: 1 };

const LIMITS = { log2N: [10, 20], r: [1, 32], p: [1, 16] } as const;
const MAX_MEMORY = 512 * 1024 * 1024;

export function checkScryptParams(params: ScryptParams): void {
  for (const name of ['log2N', 'r', 'p'] as const) {
    const [min, max] = LIMITS[name];
    const value = params[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new SealError('VALIDATION_FAILED', `scrypt ${name} out of range`, { details: { [name]: value, min, max } });
    }
  }
  if (scryptMemory(params) > MAX_MEMORY) throw new SealError('VALIDATION_FAILED', 'scrypt parameters need too much memory');
}

function scryptMemory({ log2N, r, p }: ScryptParams): number {
  return 128 * r * (2 ** log2N + p + 2);
}

/** PINs are compared as Unicode text, so normalise (NFC) before hashing. */
export function pinBytes(pin: string): Buffer {
  if (typeof pin !== 'string' || pin.length === 0) throw new SealError('VALIDATION_FAILED', 'PIN must be a non-empty string');
  return Buffer.from(pin.normalize('NFC'), 'utf8');
}

/** 32 bytes from scrypt(PIN, salt); asynchronous so the event loop keeps serving while it runs. */
export function derivePinKey(pin: string, salt: Uint8Array, params: ScryptParams): Promise<Buffer> {
  checkScryptParams(params);
  const password = pinBytes(pin);
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      32,
      { N: 2 ** params.log2N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 1024 * 1024 },
      (err, key) => (err ? reject(new SealError('INTERNAL', 'scrypt failed', { cause: err })) : resolve(key)),
    );
  });
}
