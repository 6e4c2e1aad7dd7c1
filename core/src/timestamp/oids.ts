/** Object identifiers of RFC 3161 / RFC 5652 time-stamping with the GM/T 0033 (SM2, SM3) profile. */
export const TspOid = {
  CMS_SIGNED_DATA: '1.2.840.113549.1.7.2',
  /** GM/T 0010 signedData: read, never written (OpenSSL and most RFC 3161 clients know only the PKCS#7 one). */
  GM_SIGNED_DATA: '1.2.156.10197.6.1.4.2.2',
  TST_INFO: '1.2.840.113549.1.9.16.1.4',
  ATTR_CONTENT_TYPE: '1.2.840.113549.1.9.3',
  ATTR_MESSAGE_DIGEST: '1.2.840.113549.1.9.4',
  ATTR_SIGNING_TIME: '1.2.840.113549.1.9.5',
  /** ESS signing-certificate-v2 (RFC 5035), the binding of the TSA's certificate into the signed attributes. */
  ATTR_SIGNING_CERTIFICATE_V2: '1.2.840.113549.1.9.16.2.47',
  SM3: '1.2.156.10197.1.401',
  /** GM/T 0010 writes the SM2 signature algorithm of a SignerInfo as "sm2-1". */
  SM2_SIGNATURE: '1.2.156.10197.1.301.1',
  SM2_WITH_SM3: '1.2.156.10197.1.501',
  TIME_STAMPING: '1.3.6.1.5.5.7.3.8',
} as const;

/**
 * The policy our TSA stamps under. A UUID-derived OID (X.667, arc 2.25) names it without a registered
 * arc; a deployment with its own registered policy passes that instead.
 */
export const DEFAULT_TSA_POLICY = '2.25.68434957719401758748984217207851605755';
