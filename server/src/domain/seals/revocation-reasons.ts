import { SealError } from '@eseal/core';

/**
 * Revocation reasons, a closed list from 第二十一条. Each names the materials the applicant hands
 * in; every revocation also needs the written revocation application (注销申请).
 */
export const REVOCATION_REASON_CODES = [
  'UNIT_DISSOLVED',
  'PHYSICAL_SEAL_RETIRED',
  'ESEAL_RETIRED',
  'KEY_LEAKED',
  'SEAL_LOST_OR_STOLEN',
] as const;
export type RevocationReason = (typeof REVOCATION_REASON_CODES)[number];

export type RevocationMaterial =
  | 'REVOCATION_APPLICATION' // 电子印章注销申请 (with the unit's seal or the holder's signature)
  | 'DISSOLUTION_PROOF' // 单位撤销/注销的证明文件
  | 'PHYSICAL_SEAL_RETIREMENT_PROOF' // 实物印章停用/缴销证明
  | 'RETIREMENT_DECISION' // 单位停用电子印章的决定
  | 'KEY_LEAK_STATEMENT' // 密钥泄露情况说明
  | 'LOSS_OR_THEFT_REPORT'; // 被盗/遗失的报案回执或遗失声明

export interface RevocationReasonInfo {
  readonly reason: RevocationReason;
  readonly nameZh: string;
  readonly materials: readonly RevocationMaterial[];
  /**
   * Whether the seal's key may be in someone else's hands: signatures made after the reported time
   * are suspect, so verification reports must show the reported time, not only the revocation time.
   */
  readonly keyCompromised: boolean;
}

export const REVOCATION_REASONS: Readonly<Record<RevocationReason, RevocationReasonInfo>> = {
  UNIT_DISSOLVED: {
    reason: 'UNIT_DISSOLVED',
    nameZh: '单位撤销或注销',
    materials: ['REVOCATION_APPLICATION', 'DISSOLUTION_PROOF'],
    keyCompromised: false,
  },
  PHYSICAL_SEAL_RETIRED: {
    reason: 'PHYSICAL_SEAL_RETIRED',
    nameZh: '实物印章停用或缴销',
    materials: ['REVOCATION_APPLICATION', 'PHYSICAL_SEAL_RETIREMENT_PROOF'],
    keyCompromised: false,
  },
  ESEAL_RETIRED: {
    reason: 'ESEAL_RETIRED',
    nameZh: '电子印章停止使用',
    materials: ['REVOCATION_APPLICATION', 'RETIREMENT_DECISION'],
    keyCompromised: false,
  },
  KEY_LEAKED: {
    reason: 'KEY_LEAKED',
    nameZh: '电子印章密钥泄露',
    materials: ['REVOCATION_APPLICATION', 'KEY_LEAK_STATEMENT'],
    keyCompromised: true,
  },
  SEAL_LOST_OR_STOLEN: {
    reason: 'SEAL_LOST_OR_STOLEN',
    nameZh: '电子印章或存储介质被盗、遗失',
    materials: ['REVOCATION_APPLICATION', 'LOSS_OR_THEFT_REPORT'],
    keyCompromised: true,
  },
};

export function isRevocationReason(value: unknown): value is RevocationReason {
  return typeof value === 'string' && (REVOCATION_REASON_CODES as readonly string[]).includes(value);
}

/** Narrows untrusted input to a reason from the closed list. */
export function parseRevocationReason(value: unknown): RevocationReason {
  if (!isRevocationReason(value)) {
    throw new SealError('INVALID_REVOCATION_REASON', 'revocation reason is not one of the reasons in 第二十一条', {
      details: { reason: typeof value === 'string' ? value : typeof value, allowed: REVOCATION_REASON_CODES },
    });
  }
  return value;
}

/**
 * A change of the unit's or person's name means a new physical seal: the old one is retired (缴销),
 * so the old e-seal is revoked for that reason and a new one is issued (re-issue, not an edit).
 */
export const NAME_CHANGE_REVOCATION_REASON: RevocationReason = 'PHYSICAL_SEAL_RETIRED';
