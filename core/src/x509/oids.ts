/** Object identifiers used by SM2 X.509 certificates and CRLs (GM/T 0006, GM/T 0015, RFC 5280). */
export const X509Oid = {
  /** SM2 signature with SM3 (GM/T 0006). Its AlgorithmIdentifier carries no parameters. */
  sm2WithSm3: '1.2.156.10197.1.501',
  /** The SM2 curve, as the parameter of id-ecPublicKey. */
  sm2Curve: '1.2.156.10197.1.301',
  ecPublicKey: '1.2.840.10045.2.1',

  // Name attribute types (X.520)
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  locality: '2.5.4.7',
  state: '2.5.4.8',
  organization: '2.5.4.10',
  organizationalUnit: '2.5.4.11',

  // Certificate and CRL extensions (RFC 5280 4.2, 5.2, 5.3)
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  crlNumber: '2.5.29.20',
  crlReason: '2.5.29.21',
  crlDistributionPoints: '2.5.29.31',
  authorityKeyIdentifier: '2.5.29.35',
  extendedKeyUsage: '2.5.29.37',
} as const;

/** Well-known extended key usages, by name, for callers that do not want to carry OIDs around. */
export const ExtendedKeyUsageOid = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
} as const;
