import { sm2 as ref } from 'sm-crypto';
import { Sm2PrivateKey } from './sm2-keys';
import { sm2Sign, sm2Verify } from './sm2';

test('our signature verifies with sm-crypto and theirs with ours', () => {
  const key = Sm2PrivateKey.generate();
  const msg = new Uint8Array(Buffer.from('电子印章 test'));
  const pubHex = Buffer.from(key.publicKey.point).toString('hex');
  for (let i = 0; i < 20; i++) {
    const sig = sm2Sign(key, msg);
    expect(sm2Verify(key.publicKey, msg, sig)).toBe(true);
    expect(ref.doVerifySignature(Array.from(msg) as never, Buffer.from(sig).toString('hex'), pubHex, { der: true, hash: true } as never)).toBe(true);
    const theirs = ref.doSignature(Array.from(msg) as never, Buffer.from(key.bytes()).toString('hex'), { der: true, hash: true, publicKey: pubHex } as never);
    expect(sm2Verify(key.publicKey, msg, new Uint8Array(Buffer.from(theirs, 'hex')))).toBe(true);
    expect(sm2Verify(key.publicKey, new Uint8Array(Buffer.from('other')), sig)).toBe(false);
  }
});
