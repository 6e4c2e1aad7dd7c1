import { type Sm2Options, sm2Digest, sm2Sign } from '../crypto/sm2';
import type { Sm2PrivateKey, Sm2PublicKey } from '../crypto/sm2-keys';

/**
 * What a CA needs from its key: the public half (for key identifiers and self-checks) and a way to
 * sign DER bytes. An HSM, a remote signing service or a licensed CA's API fits behind this.
 * The signature must be SM2 over SM3(Z_A || tbs) with the GM/T 0009 default ID, DER-encoded.
 */
export interface TbsSigner {
  readonly publicKey: Sm2PublicKey;
  sign(tbs: Uint8Array): Promise<Uint8Array>;
}

/** A signer for a key held in this process. `userId` exists only for interop tests with tools that use another ID. */
export function localTbsSigner(key: Sm2PrivateKey, options: Sm2Options = {}): TbsSigner {
  return {
    publicKey: key.publicKey,
    sign: async (tbs) => sm2Sign(key, tbs, options),
  };
}

/** Adapter for signers that sign a precomputed e = SM3(Z_A || M), the usual HSM interface. */
export function tbsSignerFromDigestSigner(signer: {
  readonly publicKey: Sm2PublicKey;
  signDigest(e: Uint8Array): Promise<Uint8Array>;
}): TbsSigner {
  return {
    publicKey: signer.publicKey,
    sign: (tbs) => signer.signDigest(sm2Digest(signer.publicKey, tbs)),
  };
}
