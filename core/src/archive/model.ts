/**
 * An archive package (归档封装包) in the spirit of DA/T 48 (XML encapsulation of an electronic record)
 * with DA/T 46-style metadata. Element names are ASCII (EEP, SignedObject, Entity, Manifest,
 * SignatureBlock): the mapping to DA/T 48's 封装包 / 被签名对象 / 文件实体 / 电子签名块 is in README.md.
 */
export const ARCHIVE_NAMESPACE = 'urn:eseal:archive:v1';
export const MANIFEST_HEADER = 'eseal-archive-manifest/1';

/** What each entity of a package is; the checker knows which must be there and how to read each. */
export const ENTITY_ROLES = [
  'document',
  'metadata',
  'seal-data',
  'certificate',
  'crl',
  'proof-bundle',
  'court-receipts',
  'time-stamp-token',
  'verification-report',
] as const;
export type EntityRole = (typeof ENTITY_ROLES)[number];

/** Roles every package must hold (a proof bundle, receipts and tokens exist only once the evidence does). */
export const REQUIRED_ROLES: readonly EntityRole[] = ['document', 'metadata', 'seal-data', 'certificate', 'crl', 'verification-report'];

export const MEDIA_TYPES: Readonly<Record<EntityRole, readonly string[]>> = {
  document: ['application/pdf', 'application/ofd'],
  metadata: ['application/xml'],
  'seal-data': ['application/octet-stream'],
  certificate: ['application/pkix-cert'],
  crl: ['application/pkix-crl'],
  'proof-bundle': ['application/json'],
  'court-receipts': ['application/json'],
  'time-stamp-token': ['application/timestamp-token'],
  'verification-report': ['application/json'],
};

export interface ArchiveEntity {
  /** File-name-like: 1-100 of A-Z a-z 0-9 . _ - (no path). */
  name: string;
  role: EntityRole;
  mediaType: string;
  bytes: Uint8Array;
}

/** DA/T 46-style descriptive metadata of the archived record. */
export interface ArchiveMetadata {
  /** 题名 */
  title: string;
  /** 责任者: the unit or person responsible. */
  responsible: string;
  /** 保管期限: PERMANENT, 30Y or 10Y. */
  retention: 'PERMANENT' | '30Y' | '10Y';
  /** 密级: this service archives unclassified records only. */
  classification: 'NONE';
  /** The archived document's signatures, as the verification at archiving saw them. */
  signatures: Array<{ esID: string; sealName: string; signingTime: string; signingTimeSource: string; signer?: string }>;
}
