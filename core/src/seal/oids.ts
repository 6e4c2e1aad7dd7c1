/** Object identifiers used by seal data (GM/T 0006 arcs under 1.2.156.10197). */
export const SealOid = {
  SM2_WITH_SM3: '1.2.156.10197.1.501',
  /** Plain "SM2 signature"; some V1 producers put it where SM2-with-SM3 is meant. */
  SM2_SIGNATURE: '1.2.156.10197.1.301.1',
  SM3: '1.2.156.10197.1.401',
  SHA256: '2.16.840.1.101.3.4.2.1',
  SHA1: '1.3.14.3.2.26',
  CMS_SIGNED_DATA: '1.2.840.113549.1.7.2',
  GM_SIGNED_DATA: '1.2.156.10197.6.1.4.2.2',
  TST_INFO: '1.2.840.113549.1.9.16.1.4',
} as const;

/** Signature algorithms we can check: both mean SM2 over SM3(Z_A || M) with the default user ID. */
export function isSm2WithSm3(oid: string): boolean {
  return oid === SealOid.SM2_WITH_SM3 || oid === SealOid.SM2_SIGNATURE;
}
