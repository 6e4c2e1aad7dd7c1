export * from './errors';
export * from './crypto/sm2-curve';
export * from './crypto/sm2-keys';
export * from './crypto/sm2';
export * from './crypto/sm3';
export * from './crypto/sm2-signature-der';
export * from './asn1';
export * from './merkle';
