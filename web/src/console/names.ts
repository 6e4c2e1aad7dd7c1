import type { Lang } from '../shared/i18n';

/** Seal kinds and application materials in words; an unknown code (a newer server) shows as itself. */
const KINDS: Record<Lang, Record<string, string>> = {
  zh: {
    LEGAL_NAME: '法定名称章',
    INTERNAL_DEPARTMENT: '内设机构章',
    BRANCH: '分支机构章',
    CONTRACT: '合同专用章',
    FINANCE: '财务专用章',
    INVOICE: '发票专用章',
    AUDIT: '审计专用章',
    CUSTOMS: '报关专用章',
    LEGAL_REPRESENTATIVE: '法定代表人章',
    OPERATOR: '经营者章',
    PRINCIPAL: '负责人章',
    FINANCE_PRINCIPAL: '财务负责人章',
    AUTHORISED_REPRESENTATIVE: '授权代表人章',
  },
  en: {
    LEGAL_NAME: 'Legal-name seal',
    INTERNAL_DEPARTMENT: 'Department seal',
    BRANCH: 'Branch seal',
    CONTRACT: 'Contract seal',
    FINANCE: 'Finance seal',
    INVOICE: 'Invoice seal',
    AUDIT: 'Audit seal',
    CUSTOMS: 'Customs declaration seal',
    LEGAL_REPRESENTATIVE: "Legal representative's name seal",
    OPERATOR: "Operator's name seal",
    PRINCIPAL: "Principal's name seal",
    FINANCE_PRINCIPAL: "Finance principal's name seal",
    AUTHORISED_REPRESENTATIVE: "Authorised representative's name seal",
  },
};

const MATERIALS: Record<Lang, Record<string, string>> = {
  zh: {
    APPLICATION_FORM: '电子印章制作申请表',
    BUSINESS_LICENCE: '营业执照或登记证书',
    LEGAL_REPRESENTATIVE_ID: '法定代表人（负责人）身份证件',
    HOLDER_ID: '职务章持有人身份证件',
    POSITION_APPOINTMENT: '任职或授权文件',
    UNIT_PART_ESTABLISHMENT: '内设机构或分支机构设立文件',
    PHYSICAL_SEAL_IMPRINT: '公安机关备案的实物印章印模',
    AGENT_ID: '经办人身份证件',
    AUTHORISATION_LETTER: '授权委托书',
  },
  en: {
    APPLICATION_FORM: 'Application form',
    BUSINESS_LICENCE: 'Business licence or registration certificate',
    LEGAL_REPRESENTATIVE_ID: "Legal representative's ID",
    HOLDER_ID: "Position holder's ID",
    POSITION_APPOINTMENT: 'Appointment or authorisation',
    UNIT_PART_ESTABLISHMENT: 'Establishment of the department or branch',
    PHYSICAL_SEAL_IMPRINT: 'Imprint of the filed physical seal',
    AGENT_ID: "Agent's ID",
    AUTHORISATION_LETTER: 'Letter of authorisation',
  },
};

/** The kinds a unit may apply for, in the order of the regulation. */
export const SEAL_KINDS = Object.keys(KINDS.zh);

export const kindName = (kind: string, lang: Lang): string => KINDS[lang][kind] ?? kind;
export const materialName = (kind: string, lang: Lang): string => MATERIALS[lang][kind] ?? kind;

/**
 * 第九条/第十条: the materials an application of this kind and channel needs (the server checks the
 * same list and answers APPLICATION_INCOMPLETE otherwise; this only tells the form what to ask for).
 */
export function materialsNeeded(kind: string, channel: 'IN_PERSON' | 'AGENT'): string[] {
  const position = ['LEGAL_REPRESENTATIVE', 'OPERATOR', 'PRINCIPAL', 'FINANCE_PRINCIPAL', 'AUTHORISED_REPRESENTATIVE'].includes(kind);
  const needed = ['APPLICATION_FORM', 'BUSINESS_LICENCE', position ? 'HOLDER_ID' : 'LEGAL_REPRESENTATIVE_ID', 'PHYSICAL_SEAL_IMPRINT'];
  if (kind === 'INTERNAL_DEPARTMENT' || kind === 'BRANCH') needed.push('UNIT_PART_ESTABLISHMENT');
  if (kind === 'PRINCIPAL' || kind === 'FINANCE_PRINCIPAL' || kind === 'AUTHORISED_REPRESENTATIVE') needed.push('POSITION_APPOINTMENT');
  if (channel === 'AGENT') needed.push('AGENT_ID', 'AUTHORISATION_LETTER');
  return needed;
}
