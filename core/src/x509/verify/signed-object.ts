import { sm2VerifyRemembered } from '../../crypto/sm2-verified-cache';
import type { Sm2PublicKey } from '../../crypto/sm2-keys';
import { SealError } from '../../errors';
import type { AlgorithmIdentifier } from '../algorithm';
import { X509Oid } from '../oids';

/** The parts of a signed X.509 object (certificate or CRL) that a signature check needs. */
export interface SignedObject {
  readonly tbsDer: Uint8Array;
  readonly signatureAlgorithm: AlgorithmIdentifier;
  readonly signatureValue: Uint8Array;
}

/**
 * Check an SM2-with-SM3 signature made with the GM/T 0009 default user ID. Other algorithms parse
 * but cannot be verified here: CERT_INVALID says so instead of a misleading SIGNATURE_INVALID.
 */
export function assertSm2Signature(object: SignedObject, issuerKey: Sm2PublicKey, details: Record<string, unknown>): void {
  if (object.signatureAlgorithm.oid !== X509Oid.sm2WithSm3) {
    throw new SealError('CERT_INVALID', `signature algorithm ${object.signatureAlgorithm.oid} is not SM2-with-SM3 and cannot be verified`, {
      details: { ...details, signatureAlgorithm: object.signatureAlgorithm.oid },
    });
  }
  // Absent is correct; an explicit NULL is a common real-world variant that changes nothing.
  const params = object.signatureAlgorithm.parameters;
  if (params && !(params.length === 2 && params[0] === 0x05 && params[1] === 0x00)) {
    throw new SealError('CERT_INVALID', 'SM2-with-SM3 AlgorithmIdentifier carries unexpected parameters', { details });
  }
  // CA certificates and CRLs repeat in every chain checked: a signature found valid once is remembered.
  if (!sm2VerifyRemembered(issuerKey, object.tbsDer, object.signatureValue)) {
    throw new SealError('SIGNATURE_INVALID', 'signature does not verify with the issuer key', { details });
  }
}
