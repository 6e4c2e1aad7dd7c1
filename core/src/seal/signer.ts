import { sm2Digest, sm2VerifyDigest } from '../crypto/sm2';
import type { Sm2Signer } from '../crypto/signer';
import { SealError } from '../errors';
import { Certificate } from '../x509/certificate';
import { memoByContent } from './content-memo';

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

/**
 * The self-check in signAndSelfCheck only proves the signer is consistent with its own public key;
 * verifiers check the signature against the certificate's key (and Z_A is computed from it), so a
 * signer holding any other key would produce seal data that can never verify.
 */
export function assertSignerHoldsCertificateKey(signer: SealSigner, certDer: Uint8Array, role: 'signer' | 'maker'): void {
  let certKey;
  try {
    certKey = certificateKey(certDer);
  } catch (cause) {
    throw new SealError('CERT_INVALID', `the ${role} certificate is not a usable SM2 certificate`, { cause });
  }
  if (!certKey.equals(signer.publicKey)) {
    throw new SealError('SIGNATURE_INVALID', `the ${role} key is not the key of the ${role} certificate`);
  }
}

/** Every signing with a seal presents the same certificate: it is parsed once, not per signature. */
const certificateKey = memoByContent((der) => Certificate.fromDer(der).sm2PublicKey());
