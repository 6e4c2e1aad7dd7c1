import { SealError } from '@eseal/core';
import { checkDocuments, type DocumentRef } from '../documents';
import { SEAL_KINDS, type SealCategory, type SealKind } from '../seals/seal-kinds';

/**
 * Materials for a seal application. 第九条 lists what a unit (or the person named on a position
 * seal) hands in when applying itself; 第十条 adds what an agent (经办人) applying on its behalf
 * must bring. The maker checks them before making (see DESIGN: "the maker verifies them").
 */
export type ApplicationChannel = 'IN_PERSON' | 'AGENT';

export const APPLICATION_MATERIAL_KINDS = [
  'APPLICATION_FORM',
  'BUSINESS_LICENCE',
  'LEGAL_REPRESENTATIVE_ID',
  'HOLDER_ID',
  'POSITION_APPOINTMENT',
  'UNIT_PART_ESTABLISHMENT',
  'PHYSICAL_SEAL_IMPRINT',
  'AGENT_ID',
  'AUTHORISATION_LETTER',
] as const;
export type ApplicationMaterial = (typeof APPLICATION_MATERIAL_KINDS)[number];

export const APPLICATION_MATERIALS: Readonly<Record<ApplicationMaterial, { nameZh: string; article: string }>> = {
  APPLICATION_FORM: { nameZh: '电子印章制作申请表', article: '第九条' },
  BUSINESS_LICENCE: { nameZh: '营业执照或登记证书', article: '第九条' },
  LEGAL_REPRESENTATIVE_ID: { nameZh: '法定代表人（负责人）身份证件', article: '第九条' },
  HOLDER_ID: { nameZh: '职务章持有人身份证件', article: '第九条' },
  POSITION_APPOINTMENT: { nameZh: '任职或授权文件', article: '第九条' },
  UNIT_PART_ESTABLISHMENT: { nameZh: '内设机构或分支机构设立文件', article: '第九条' },
  PHYSICAL_SEAL_IMPRINT: { nameZh: '公安机关备案的实物印章印模', article: '第九条' },
  AGENT_ID: { nameZh: '经办人身份证件', article: '第十条' },
  AUTHORISATION_LETTER: { nameZh: '授权委托书', article: '第十条' },
};

/** 第九条, by category: an official seal speaks for the unit, so its legal representative is identified; a position seal speaks for its holder. */
const BY_CATEGORY: Readonly<Record<SealCategory, readonly ApplicationMaterial[]>> = {
  OFFICIAL: ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'LEGAL_REPRESENTATIVE_ID', 'PHYSICAL_SEAL_IMPRINT'],
  POSITION: ['APPLICATION_FORM', 'BUSINESS_LICENCE', 'HOLDER_ID', 'PHYSICAL_SEAL_IMPRINT'],
};

/**
 * 第九条, kind-specific: a department or branch proves it exists; a position other than legal
 * representative or operator (both named on the licence) proves the appointment or authorisation.
 */
const BY_KIND: Readonly<Partial<Record<SealKind, readonly ApplicationMaterial[]>>> = {
  INTERNAL_DEPARTMENT: ['UNIT_PART_ESTABLISHMENT'],
  BRANCH: ['UNIT_PART_ESTABLISHMENT'],
  PRINCIPAL: ['POSITION_APPOINTMENT'],
  FINANCE_PRINCIPAL: ['POSITION_APPOINTMENT'],
  AUTHORISED_REPRESENTATIVE: ['POSITION_APPOINTMENT'],
};

/** 第十条: an agent shows their own ID and the letter by which the unit (or holder) authorised them. */
const BY_CHANNEL: Readonly<Record<ApplicationChannel, readonly ApplicationMaterial[]>> = {
  IN_PERSON: [],
  AGENT: ['AGENT_ID', 'AUTHORISATION_LETTER'],
};

export function requiredApplicationMaterials(kind: SealKind, channel: ApplicationChannel): ApplicationMaterial[] {
  return [...BY_CATEGORY[SEAL_KINDS[kind].category], ...(BY_KIND[kind] ?? []), ...BY_CHANNEL[channel]];
}

export interface ApplicationMaterialsInput {
  readonly kind: SealKind;
  readonly channel: ApplicationChannel;
  readonly materials: readonly DocumentRef<string>[];
}

/** What is missing (no document with a well-formed SM3) and which documents carry a malformed digest. */
export function checkApplicationMaterials(input: ApplicationMaterialsInput): { missing: ApplicationMaterial[]; malformed: string[] } {
  return checkDocuments(requiredApplicationMaterials(input.kind, input.channel), input.materials);
}

export function assertApplicationComplete(input: ApplicationMaterialsInput): void {
  const { missing, malformed } = checkApplicationMaterials(input);
  if (missing.length > 0 || malformed.length > 0) {
    throw new SealError('APPLICATION_INCOMPLETE', `application materials are missing: ${missing.join(', ') || 'none'}`, {
      details: { kind: input.kind, channel: input.channel, missing, malformed },
    });
  }
}
