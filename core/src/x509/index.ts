/**
 * SM2 X.509 (GM/T 0015 profile of RFC 5280): certificates and CRLs (model, DER encode, tolerant parse),
 * a CertificateAuthority seam with a signer-backed and a development implementation, and chain
 * verification at a given time with CRL revocation. Everything signs and verifies SM2-with-SM3 with
 * the GM/T 0009 default user ID 1234567812345678.
 */
export * from './oids';
export * from './pem';
export * from './algorithm';
export * from './name';
export * from './key-usage';
export * from './extensions';
export * from './public-key-info';
export * from './certificate';
export * from './certificate-builder';
export * from './validity-time';
export * from './serial-number';
export * from './signer';
export * from './fingerprint';
export * from './revocation-reason';
export * from './crl';
export * from './crl-builder';
export * from './certificate-authority';
export * from './profiles';
export * from './signing-ca';
export * from './development-ca';
export * from './development-ca-state';
export * from './development-ca-crl';
export * from './development-ca-file-store';
export * from './verify/signed-object';
export * from './verify/path-builder';
export * from './verify/revocation';
export * from './verify/chain';
