import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealError } from '../errors';
import { DEFAULT_PIN_KDF, ScryptParams, checkScryptParams, derivePinKey } from './pin-kdf';
import { Sm2PrivateKey } from './sm2-keys';
import { sm4AeadDecrypt, sm4AeadEncrypt } from './sm4-aead';

/**
 * SM2 private keys at rest. The wrapping key needs BOTH the holder's PIN (via scrypt with a per-key
 * salt) and the server's key-encryption key (KEK): a database dump alone cannot be brute-forced
 * offline, and the server alone cannot sign without the holder.
 *
 * Blob, version 1 (all integers big-endian):
 *   "ESKW" | 0x01 | kdf 0x01 (scrypt) | log2N | r | p | salt (16) | KEK id (8) | PIN check (16)
 *   | keyId length (2) | keyId (UTF-8) | SM4-AEAD(wrapKey, d, aad = everything before it) | blob MAC (32)
 * wrapKey   = HMAC-SM3(KEK, "eseal/key-wrap/v1/wrap" | scrypt(PIN, salt))
 * PIN check = HMAC-SM3(wrapKey, "eseal/key-wrap/v1/pin-check")[0..16]
 * blob MAC  = HMAC-SM3(HMAC-SM3(KEK, "eseal/key-wrap/v1/blob-mac"), all preceding bytes)
 * The blob MAC needs only the KEK, so corruption is told apart from a wrong PIN: corrupted or
 * foreign blob -> KEY_UNWRAP_FAILED, intact blob but wrong PIN -> WRONG_PIN. The PIN check is no
 * offline oracle without the KEK, exactly like the AEAD tag it stands in front of.
 */
export interface KeyWrapContext {
  /** The record the key belongs to (seal id, key id): bound into the blob, checked on unwrap. */
  keyId: string;
  /** Server key-encryption key, 32 bytes, from configuration or a KMS. */
  kek: Uint8Array;
}

export interface WrappedKeyInfo {
  version: number;
  keyId: string;
  kdf: ScryptParams;
  /** Short KEK identifier (hex), to find the right KEK during rotation. */
  kekId: string;
}

const MAGIC = Buffer.from('ESKW', 'ascii');
const VERSION_1 = 1;
const KDF_SCRYPT = 1;
const SALT_BYTES = 16;
const KEK_ID_BYTES = 8;
const PIN_CHECK_BYTES = 16;
const MAC_BYTES = 32;
const FIXED_HEADER = MAGIC.length + 5 + SALT_BYTES + KEK_ID_BYTES + PIN_CHECK_BYTES + 2;
const MAX_KEY_ID_BYTES = 1024;

interface ParsedBlob extends WrappedKeyInfo {
  salt: Buffer;
  kekIdBytes: Buffer;
  pinCheck: Buffer;
  header: Buffer;
  sealed: Buffer;
  signedPart: Buffer;
  mac: Buffer;
}

export async function wrapSm2PrivateKey(
  key: Sm2PrivateKey,
  pin: string,
  ctx: KeyWrapContext,
  kdf: ScryptParams = DEFAULT_PIN_KDF,
): Promise<Uint8Array> {
  checkContext(ctx);
  checkScryptParams(kdf);
  const salt = randomBytes(SALT_BYTES);
  const wrapKey = deriveWrapKey(ctx.kek, await derivePinKey(pin, salt, kdf));
  const keyId = Buffer.from(ctx.keyId, 'utf8');
  const idLen = Buffer.alloc(2);
  idLen.writeUInt16BE(keyId.length);
  const header = Buffer.concat([
    MAGIC,
    Buffer.from([VERSION_1, KDF_SCRYPT, kdf.log2N, kdf.r, kdf.p]),
    salt,
    kekId(ctx.kek),
    pinCheck(wrapKey),
    idLen,
    keyId,
  ]);
  const secret = key.bytes();
  const sealed = sm4AeadEncrypt(wrapKey, secret, header);
  secret.fill(0);
  const signedPart = Buffer.concat([header, sealed]);
  return new Uint8Array(Buffer.concat([signedPart, blobMac(ctx.kek, signedPart)]));
}

export async function unwrapSm2PrivateKey(blob: Uint8Array, pin: string, ctx: KeyWrapContext): Promise<Sm2PrivateKey> {
  checkContext(ctx);
  const parsed = parseBlob(blob);
  if (!parsed.kekIdBytes.equals(kekId(ctx.kek))) unwrapFailed('the blob was wrapped under another KEK', { kekId: parsed.kekId });
  if (!timingSafeEqual(parsed.mac, blobMac(ctx.kek, parsed.signedPart))) unwrapFailed('wrapped key is corrupted');
  if (parsed.keyId !== ctx.keyId) unwrapFailed('wrapped key belongs to another key id', { keyId: parsed.keyId });
  const wrapKey = deriveWrapKey(ctx.kek, await derivePinKey(pin, parsed.salt, parsed.kdf));
  if (!timingSafeEqual(pinCheck(wrapKey), parsed.pinCheck)) throw new SealError('WRONG_PIN', 'wrong PIN');
  let secret: Uint8Array;
  try {
    secret = sm4AeadDecrypt(wrapKey, parsed.sealed, parsed.header);
  } catch (cause) {
    return unwrapFailed('wrapped key does not decrypt', {}, cause);
  }
  try {
    return Sm2PrivateKey.fromBytes(secret);
  } catch (cause) {
    return unwrapFailed('wrapped key is not an SM2 private key', {}, cause);
  } finally {
    secret.fill(0);
  }
}

/** PIN change: same key d, new salt and PIN (and optionally new scrypt parameters). */
export async function changeWrappedKeyPin(
  blob: Uint8Array,
  oldPin: string,
  newPin: string,
  ctx: KeyWrapContext,
  kdf?: ScryptParams,
): Promise<Uint8Array> {
  const key = await unwrapSm2PrivateKey(blob, oldPin, ctx);
  return wrapSm2PrivateKey(key, newPin, ctx, kdf ?? parseBlob(blob).kdf);
}

/** KEK rotation: same key d and PIN, wrapped under a new KEK. */
export async function rewrapUnderNewKek(blob: Uint8Array, pin: string, ctx: KeyWrapContext, newKek: Uint8Array): Promise<Uint8Array> {
  const key = await unwrapSm2PrivateKey(blob, pin, ctx);
  return wrapSm2PrivateKey(key, pin, { keyId: ctx.keyId, kek: newKek }, parseBlob(blob).kdf);
}

/** Read the self-describing header without any secret (for migrations and diagnostics). */
export function inspectWrappedKey(blob: Uint8Array): WrappedKeyInfo {
  const { version, keyId, kdf, kekId: id } = parseBlob(blob);
  return { version, keyId, kdf, kekId: id };
}

function parseBlob(blob: Uint8Array): ParsedBlob {
  const buf = Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength);
  if (buf.length < FIXED_HEADER + MAC_BYTES || !buf.subarray(0, MAGIC.length).equals(MAGIC)) unwrapFailed('not a wrapped SM2 key');
  let at = MAGIC.length;
  const version = buf[at++];
  if (version !== VERSION_1) unwrapFailed('unknown wrapped-key version', { version });
  const kdfId = buf[at++];
  if (kdfId !== KDF_SCRYPT) unwrapFailed('unknown PIN KDF', { kdf: kdfId });
  const kdf: ScryptParams = { log2N: buf[at], r: buf[at + 1], p: buf[at + 2] };
  at += 3;
  try {
    checkScryptParams(kdf);
  } catch (cause) {
    unwrapFailed('PIN KDF parameters out of range', { ...kdf }, cause);
  }
  const salt = buf.subarray(at, (at += SALT_BYTES));
  const kekIdBytes = buf.subarray(at, (at += KEK_ID_BYTES));
  const check = buf.subarray(at, (at += PIN_CHECK_BYTES));
  const idLen = buf.readUInt16BE(at);
  at += 2;
  if (idLen > MAX_KEY_ID_BYTES || at + idLen + MAC_BYTES > buf.length) unwrapFailed('wrapped key is truncated');
  const keyIdBytes = buf.subarray(at, (at += idLen));
  const keyId = keyIdBytes.toString('utf8');
  const header = buf.subarray(0, at);
  const signedPart = buf.subarray(0, buf.length - MAC_BYTES);
  return {
    version,
    keyId,
    kdf,
    kekId: kekIdBytes.toString('hex'),
    salt,
    kekIdBytes,
    pinCheck: check,
    header,
    sealed: buf.subarray(at, buf.length - MAC_BYTES),
    signedPart,
    mac: buf.subarray(buf.length - MAC_BYTES),
  };
}

function checkContext(ctx: KeyWrapContext): void {
  if (!(ctx.kek instanceof Uint8Array) || ctx.kek.length !== 32) throw new SealError('CONFIG_INVALID', 'KEK must be 32 bytes');
  if (typeof ctx.keyId !== 'string' || ctx.keyId.length === 0 || Buffer.byteLength(ctx.keyId) > MAX_KEY_ID_BYTES) {
    throw new SealError('VALIDATION_FAILED', 'key id must be a non-empty string of at most 1024 bytes');
  }
}

const hmac = (key: Uint8Array, ...parts: (string | Uint8Array)[]): Buffer => {
  const h = createHmac('sm3', key);
  for (const p of parts) h.update(p);
  return h.digest();
};

const deriveWrapKey = (kek: Uint8Array, pinKey: Uint8Array): Buffer => hmac(kek, 'eseal/key-wrap/v1/wrap', pinKey);
const pinCheck = (wrapKey: Uint8Array): Buffer => hmac(wrapKey, 'eseal/key-wrap/v1/pin-check').subarray(0, PIN_CHECK_BYTES);
const kekId = (kek: Uint8Array): Buffer => hmac(kek, 'eseal/key-wrap/v1/kek-id').subarray(0, KEK_ID_BYTES);
const blobMac = (kek: Uint8Array, signed: Uint8Array): Buffer => hmac(hmac(kek, 'eseal/key-wrap/v1/blob-mac'), signed);

function unwrapFailed(message: string, details: Record<string, unknown> = {}, cause?: unknown): never {
  throw new SealError('KEY_UNWRAP_FAILED', message, { details, cause });
}
