import { SealError } from '../errors';
import { Sm2PrivateKey, Sm2PublicKey } from './sm2-keys';
import { Sm2Options, sm2Digest, sm2SignDigest } from './sm2';

/**
 * Anything that can make an SM2 signature: a local key, an HSM, a remote signing service. Callers
 * hash (e = SM3(Z_A || M)) themselves, so the signer never sees the document and a remote call
 * carries 32 bytes. Returns the DER signature (SEQUENCE { r, s }).
 */
export interface Sm2Signer {
  readonly publicKey: Sm2PublicKey;
  signDigest(e: Uint8Array): Promise<Uint8Array>;
}

/** A signer over an in-memory private key (unwrapped for the duration of a signing session). */
export class LocalSm2Signer implements Sm2Signer {
  readonly publicKey: Sm2PublicKey;

  constructor(private readonly key: Sm2PrivateKey) {
    this.publicKey = key.publicKey;
  }

  async signDigest(e: Uint8Array): Promise<Uint8Array> {
    return sm2SignDigest(this.key, e);
  }
}

/** Sign a message with any signer: computes e with the signer's public key and the user ID. */
export async function signMessage(signer: Sm2Signer, message: Uint8Array, opts: Sm2Options = {}): Promise<Uint8Array> {
  const e = sm2Digest(signer.publicKey, message, opts);
  const signature = await signer.signDigest(e);
  if (!(signature instanceof Uint8Array) || signature.length === 0) {
    throw new SealError('UPSTREAM_REJECTED', 'signer returned no signature');
  }
  return signature;
}
