/**
 * RFC 3161 time-stamping in the GM/T 0033 profile (SM2 signatures, SM3 imprints): requests, the
 * TSTInfo, tokens (CMS SignedData written with the strict DER encoder), responses, and the check of
 * a token's signature and TSA certificate. No network: the HTTP client and the TSA process sit outside.
 */
export * from './oids';
export * from './request';
export * from './tst-info';
export * from './token-make';
export * from './token-read';
export * from './response';
export * from './verify-token';
export * from './seal-trust';
