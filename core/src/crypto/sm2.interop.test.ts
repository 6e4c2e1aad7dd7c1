import { sm2 as ref } from 'sm-crypto';
import { Sm2PrivateKey } from './sm2-keys';
import { sm2Sign, sm2Verify } from './sm2';
import { clearSm2VerifyCache } from './sm2-key-tables';

// sm-crypto treats a string message as UTF-8 text; pass byte arrays so both sides hash the same bytes.
const refVerify = (msg: Uint8Array, sig: Uint8Array, pubHex: string) =>
  ref.doVerifySignature(Array.from(msg) as never, Buffer.from(sig).toString('hex'), pubHex, { der: true, hash: true } as never);
const refSign = (msg: Uint8Array, key: Sm2PrivateKey, pubHex: string) =>
  new Uint8Array(
    Buffer.from(
      ref.doSignature(Array.from(msg) as never, Buffer.from(key.bytes()).toString('hex'), {
        der: true,
        hash: true,
        publicKey: pubHex,
      } as never),
      'hex',
    ),
  );

test('our signatures verify with sm-crypto and theirs with ours, on the cold and the cached path', () => {
  clearSm2VerifyCache();
  const key = Sm2PrivateKey.generate();
  const msg = new Uint8Array(Buffer.from('电子印章 test'));
  const pubHex = Buffer.from(key.publicKey.point).toString('hex');
  for (let i = 0; i < 5; i++) {
    const sig = sm2Sign(key, msg);
    expect(sm2Verify(key.publicKey, msg, sig)).toBe(true);
    expect(refVerify(msg, sig, pubHex)).toBe(true);
    const theirs = refSign(msg, key, pubHex);
    expect(sm2Verify(key.publicKey, msg, theirs)).toBe(true);
    expect(sm2Verify(key.publicKey, new Uint8Array(Buffer.from('other')), sig)).toBe(false);
    expect(sm2Verify(key.publicKey, new Uint8Array(Buffer.from('other')), theirs)).toBe(false);
  }
});

test('many keys and message lengths, including empty', () => {
  for (let i = 0; i < 3; i++) {
    const key = Sm2PrivateKey.generate();
    const pubHex = Buffer.from(key.publicKey.point).toString('hex');
    const msg = new Uint8Array(i * 37).map((_, j) => (j * 31 + i) & 0xff);
    expect(refVerify(msg, sm2Sign(key, msg), pubHex)).toBe(true);
    expect(sm2Verify(key.publicKey, msg, refSign(msg, key, pubHex))).toBe(true);
  }
});
