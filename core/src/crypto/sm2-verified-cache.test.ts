import { Sm2PrivateKey } from './sm2-keys';
import { sm2Sign } from './sm2';
import { sm2VerifyRemembered } from './sm2-verified-cache';

const key = Sm2PrivateKey.generate();
const other = Sm2PrivateKey.generate();
const message = new Uint8Array(Buffer.from('SES_SealInfo bytes'));
const signature = sm2Sign(key, message);

test('a valid signature verifies, and again from memory', () => {
  expect(sm2VerifyRemembered(key.publicKey, message, signature)).toBe(true);
  expect(sm2VerifyRemembered(key.publicKey, message, signature)).toBe(true);
});

test('a remembered success never vouches for other inputs', () => {
  expect(sm2VerifyRemembered(key.publicKey, message, signature)).toBe(true);
  expect(sm2VerifyRemembered(other.publicKey, message, signature)).toBe(false);
  expect(sm2VerifyRemembered(key.publicKey, new Uint8Array(Buffer.from('SES_SealInfo bytez')), signature)).toBe(false);
  const tampered = new Uint8Array(signature);
  tampered[tampered.length - 1] ^= 1;
  expect(sm2VerifyRemembered(key.publicKey, message, tampered)).toBe(false);
});

test('failures are not remembered as successes', () => {
  const bad = new Uint8Array(signature);
  bad[10] ^= 0x40;
  expect(sm2VerifyRemembered(key.publicKey, message, bad)).toBe(false);
  expect(sm2VerifyRemembered(key.publicKey, message, bad)).toBe(false);
});
