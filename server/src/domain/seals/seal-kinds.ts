/**
 * Seal kinds exactly as the seed regulation lists them (天津市电子印章管理办法): 电子公章 (the unit's
 * official seals, including business-specific seals) and 电子职务章 (position seals of a named person).
 */
export const SEAL_KIND_CODES = [
  'LEGAL_NAME',
  'INTERNAL_DEPARTMENT',
  'BRANCH',
  'CONTRACT',
  'FINANCE',
  'INVOICE',
  'AUDIT',
  'CUSTOMS',
  'LEGAL_REPRESENTATIVE',
  'OPERATOR',
  'PRINCIPAL',
  'FINANCE_PRINCIPAL',
  'AUTHORISED_REPRESENTATIVE',
] as const;

export type SealKind = (typeof SEAL_KIND_CODES)[number];

/** OFFICIAL = 电子公章, POSITION = 电子职务章. */
export type SealCategory = 'OFFICIAL' | 'POSITION';

/** Within official seals: the unit's name seal, seals of a part of the unit, and business-specific seals (业务专用章). */
export type OfficialGroup = 'LEGAL_NAME' | 'UNIT_PART' | 'BUSINESS';

/** GB/T 38540 SES_ESPropertyInfo.type: 1 = unit seal (单位印章), 2 = personal seal (个人印章). */
export type Gbt38540SealType = 1 | 2;

export interface SealKindInfo {
  readonly kind: SealKind;
  /** The text engraved under the star or after the person's name, e.g. 合同专用章. */
  readonly nameZh: string;
  readonly category: SealCategory;
  readonly officialGroup?: OfficialGroup;
  readonly gbt38540Type: Gbt38540SealType;
  /** Whether the imprint carries a person's name (position seals do; official seals carry the unit's). */
  readonly bearsPersonName: boolean;
}

function official(kind: SealKind, nameZh: string, officialGroup: OfficialGroup): SealKindInfo {
  return { kind, nameZh, category: 'OFFICIAL', officialGroup, gbt38540Type: 1, bearsPersonName: false };
}

function position(kind: SealKind, nameZh: string): SealKindInfo {
  return { kind, nameZh, category: 'POSITION', gbt38540Type: 2, bearsPersonName: true };
}

export const SEAL_KINDS: Readonly<Record<SealKind, SealKindInfo>> = {
  LEGAL_NAME: official('LEGAL_NAME', '法定名称章', 'LEGAL_NAME'),
  INTERNAL_DEPARTMENT: official('INTERNAL_DEPARTMENT', '内设机构章', 'UNIT_PART'),
  BRANCH: official('BRANCH', '分支机构章', 'UNIT_PART'),
  CONTRACT: official('CONTRACT', '合同专用章', 'BUSINESS'),
  FINANCE: official('FINANCE', '财务专用章', 'BUSINESS'),
  INVOICE: official('INVOICE', '发票专用章', 'BUSINESS'),
  AUDIT: official('AUDIT', '审计专用章', 'BUSINESS'),
  CUSTOMS: official('CUSTOMS', '报关专用章', 'BUSINESS'),
  LEGAL_REPRESENTATIVE: position('LEGAL_REPRESENTATIVE', '法定代表人章'),
  OPERATOR: position('OPERATOR', '经营者章'),
  PRINCIPAL: position('PRINCIPAL', '负责人章'),
  FINANCE_PRINCIPAL: position('FINANCE_PRINCIPAL', '财务负责人章'),
  AUTHORISED_REPRESENTATIVE: position('AUTHORISED_REPRESENTATIVE', '授权代表人章'),
};

export function isSealKind(value: unknown): value is SealKind {
  return typeof value === 'string' && (SEAL_KIND_CODES as readonly string[]).includes(value);
}

export function sealKindInfo(kind: SealKind): SealKindInfo {
  return SEAL_KINDS[kind];
}

/** Using an official seal needs the same approval as the physical one (第十六条); a position seal is used by its holder. */
export function requiresUseApproval(kind: SealKind): boolean {
  return SEAL_KINDS[kind].category === 'OFFICIAL';
}

/**
 * The free starter package (免费发放) for a newly registered enterprise: legal-name, finance and
 * contract seals and the legal representative's seal.
 */
export const STARTER_PACKAGE: readonly SealKind[] = ['LEGAL_NAME', 'FINANCE', 'CONTRACT', 'LEGAL_REPRESENTATIVE'];
