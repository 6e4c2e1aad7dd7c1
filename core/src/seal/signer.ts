import { sm2Digest, sm2VerifyDigest } from '../crypto/sm2';
import type { Sm2Signer } from '../crypto/signer';
import { SealError } from '../errors';

/**
 * The seal code signs through the crypto module's Sm2Signer: it receives e = SM3(Z_A || M) and returns a
 * DER signature, so a key in memory, an HSM or a remote signing service drop in alike.
 */
export type SealSigner = Sm2Signer;

/**
 * Sign `message` (SM2 with SM3, default user ID) and check the result before it is embedded: a faulty
 * HSM or a signer holding a different key must not produce seal data that will never verify.
 */
export async function signAndSelfCheck(signer: SealSigner, message: Uint8Array, what: string): Promise<Uint8Array> {
  const e = sm2Digest(signer.publicKey, message);
  const signature = await signer.signDigest(e);
  if (!(signature instanceof Uint8Array) || !sm2VerifyDigest(signer.publicKey, e, signature)) {
    throw new SealError('SIGNATURE_INVALID', `${what}: the signer returned a signature that does not verify under its public key`);
  }
  return new Uint8Array(signature);
}
