import { randomBytes } from 'node:crypto';
import { SealError } from '../errors';
import { ScryptParams } from './pin-kdf';
import { Sm2PrivateKey } from './sm2-keys';
import { changeWrappedKeyPin, inspectWrappedKey, rewrapUnderNewKek, unwrapSm2PrivateKey, wrapSm2PrivateKey } from './sm2-key-wrap';

// Small scrypt cost keeps the tests fast; production uses DEFAULT_PIN_KDF.
const FAST: ScryptParams = { log2N: 10, r: 8, p: 1 };

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (e) {
    return e instanceof SealError ? e.code : `not a SealError: ${String(e)}`;
  }
  return undefined;
}

describe('SM2 private key wrapping under PIN + KEK', () => {
  const kek = randomBytes(32);
  const ctx = { keyId: 'seal:120000-0001', kek };
  const key = Sm2PrivateKey.generate();
  let blob: Uint8Array;

  beforeAll(async () => {
    blob = await wrapSm2PrivateKey(key, '123456', ctx, FAST);
  });

  test('unwraps with the right PIN, KEK and key id', async () => {
    const back = await unwrapSm2PrivateKey(blob, '123456', ctx);
    expect(back.d).toBe(key.d);
    expect(Buffer.from(blob).includes(Buffer.from(key.bytes()))).toBe(false);
  });

  test('the blob describes itself', () => {
    const info = inspectWrappedKey(blob);
    expect(info).toMatchObject({ version: 1, keyId: 'seal:120000-0001', kdf: FAST });
    expect(info.kekId).toMatch(/^[0-9a-f]{16}$/);
  });

  test('wrong PIN -> WRONG_PIN', async () => {
    expect(await codeOf(unwrapSm2PrivateKey(blob, '123457', ctx))).toBe('WRONG_PIN');
    expect(await codeOf(unwrapSm2PrivateKey(blob, '', ctx))).toBe('VALIDATION_FAILED');
  });

  test('neither the PIN alone (other KEK) nor another record (key id) unlocks it', async () => {
    expect(await codeOf(unwrapSm2PrivateKey(blob, '123456', { ...ctx, kek: randomBytes(32) }))).toBe('KEY_UNWRAP_FAILED');
    expect(await codeOf(unwrapSm2PrivateKey(blob, '123456', { ...ctx, keyId: 'seal:120000-0002' }))).toBe('KEY_UNWRAP_FAILED');
  });

  test('any corrupted byte -> KEY_UNWRAP_FAILED, never WRONG_PIN or a crash', async () => {
    const positions = [0, 4, 5, 6, 9, 20, 30, 40, 60, blob.length - 40, blob.length - 33, blob.length - 1];
    for (const at of positions) {
      const bad = new Uint8Array(blob);
      bad[at] ^= 0x10;
      expect([at, await codeOf(unwrapSm2PrivateKey(bad, '123456', ctx))]).toEqual([at, 'KEY_UNWRAP_FAILED']);
    }
    expect(await codeOf(unwrapSm2PrivateKey(blob.subarray(0, 50), '123456', ctx))).toBe('KEY_UNWRAP_FAILED');
    expect(await codeOf(unwrapSm2PrivateKey(randomBytes(200), '123456', ctx))).toBe('KEY_UNWRAP_FAILED');
    expect(await codeOf(unwrapSm2PrivateKey(new Uint8Array(0), '123456', ctx))).toBe('KEY_UNWRAP_FAILED');
  });

  test('PIN change keeps the key; the old PIN stops working', async () => {
    const changed = await changeWrappedKeyPin(blob, '123456', '新口令-654321', ctx);
    expect((await unwrapSm2PrivateKey(changed, '新口令-654321', ctx)).d).toBe(key.d);
    expect(await codeOf(unwrapSm2PrivateKey(changed, '123456', ctx))).toBe('WRONG_PIN');
    expect(await codeOf(changeWrappedKeyPin(blob, 'nope', 'x', ctx))).toBe('WRONG_PIN');
    expect(inspectWrappedKey(changed).kdf).toEqual(FAST);
  });

  test('KEK rotation keeps the key and the PIN', async () => {
    const newKek = randomBytes(32);
    const rotated = await rewrapUnderNewKek(blob, '123456', ctx, newKek);
    expect((await unwrapSm2PrivateKey(rotated, '123456', { ...ctx, kek: newKek })).d).toBe(key.d);
    expect(inspectWrappedKey(rotated).kekId).not.toBe(inspectWrappedKey(blob).kekId);
  });

  test('bad inputs are coded errors', async () => {
    expect(await codeOf(wrapSm2PrivateKey(key, '1', { ...ctx, kek: randomBytes(16) }, FAST))).toBe('CONFIG_INVALID');
    expect(await codeOf(wrapSm2PrivateKey(key, '1', { ...ctx, keyId: '' }, FAST))).toBe('VALIDATION_FAILED');
    expect(await codeOf(wrapSm2PrivateKey(key, '1', ctx, { log2N: 30, r: 8, p: 1 }))).toBe('VALIDATION_FAILED');
  });
});
