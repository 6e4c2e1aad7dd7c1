import { SealError } from '../errors';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { sm2Digest, sm2Verify, sm2VerifyDigest } from './sm2';
import { LocalSm2Signer, Sm2Signer, signMessage } from './signer';

describe('Sm2Signer', () => {
  const key = Sm2PrivateKey.generate();
  const msg = new Uint8Array(Buffer.from('document bytes'));

  test('LocalSm2Signer signs e = SM3(Z_A || M) with the default ID', async () => {
    const signer = new LocalSm2Signer(key);
    expect(signer.publicKey.equals(key.publicKey)).toBe(true);
    const sig = await signMessage(signer, msg);
    expect(sm2Verify(key.publicKey, msg, sig)).toBe(true);
    const direct = await signer.signDigest(sm2Digest(key.publicKey, msg));
    expect(sm2VerifyDigest(key.publicKey, sm2Digest(key.publicKey, msg), direct)).toBe(true);
  });

  test('a custom user ID flows into Z_A', async () => {
    const userId = new Uint8Array(Buffer.from('ALICE123@YAHOO.COM'));
    const sig = await signMessage(new LocalSm2Signer(key), msg, { userId });
    expect(sm2Verify(key.publicKey, msg, sig, { userId })).toBe(true);
    expect(sm2Verify(key.publicKey, msg, sig)).toBe(false);
  });

  test('a remote signer that only sees the 32-byte digest drops in', async () => {
    const seen: number[] = [];
    const local = new LocalSm2Signer(key);
    const remote: Sm2Signer = {
      publicKey: Sm2PublicKey.fromPoint(key.publicKey.point),
      signDigest: async (e) => {
        seen.push(e.length);
        return local.signDigest(e);
      },
    };
    expect(sm2Verify(key.publicKey, msg, await signMessage(remote, msg))).toBe(true);
    expect(seen).toEqual([32]);
  });

  test('a signer returning nothing is a coded error; a bad digest length is rejected', async () => {
    const broken: Sm2Signer = { publicKey: key.publicKey, signDigest: async () => new Uint8Array(0) };
    await expect(signMessage(broken, msg)).rejects.toMatchObject({ code: 'UPSTREAM_REJECTED' });
    await expect(new LocalSm2Signer(key).signDigest(new Uint8Array(31))).rejects.toBeInstanceOf(SealError);
  });
});
