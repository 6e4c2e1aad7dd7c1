/**
 * Who is calling. Every use case takes a Caller; the HTTP layer builds it from a session token or an
 * API key, the CLI from its local configuration. Use cases never look at HTTP headers.
 */
export const ROLES = [
  'PUBLIC_SECURITY_ADMIN', // 公安: receives filings, supervises, sees all seals and statistics
  'SEAL_MAKER_OPERATOR', // 制作机构: reviews applications, makes, renews and revokes seals
  'UNIT_ADMIN', // 单位管理员: applies for seals, manages custodians
  'SEAL_CUSTODIAN', // 保管人: holds the PIN of official seals, signs with approval
  'APPROVER', // 用章审批人: approves the use of official seals
  'POSITION_SEAL_HOLDER', // 职务章持有人: signs with their own position seal
  'API_CLIENT', // third-party signing services and state-organ systems (第十八条)
  'AUDITOR', // reads audit logs and records, changes nothing
  'COURT', // 法院: reads the evidence of the documents it is handed (by document hash or evidence number)
] as const;
export type Role = (typeof ROLES)[number];

/** 第十八条: what an API client may do depends on who operates it. */
export const CLIENT_CLASSES = ['STATE_ORGAN', 'SEAL_MAKER', 'OTHER_ORGANISATION'] as const;
export type ClientClass = (typeof CLIENT_CLASSES)[number];

export interface Caller {
  /** Account id or API key id; 'system' for the worker and time-driven moves. */
  readonly id: string;
  readonly kind: 'person' | 'api-client' | 'system';
  readonly roles: readonly Role[];
  /** The unit a unit-scoped caller belongs to; undefined for public security, makers and auditors. */
  readonly unitId?: string;
  /** The person behind a person caller, for custodian and holder checks. */
  readonly personId?: string;
  /** API clients only: operations and units the key was scoped to. */
  readonly clientClass?: ClientClass;
  readonly scopes?: readonly string[];
  readonly unitIds?: readonly string[];
  /** Where the request came from, for the audit log. */
  readonly ip?: string;
}

export const SYSTEM_CALLER: Caller = { id: 'system', kind: 'system', roles: [] };

export function hasRole(caller: Caller, ...roles: Role[]): boolean {
  return roles.some((r) => caller.roles.includes(r));
}

/** The short form the domain's audit entries record. */
export function auditActor(caller: Caller): { id: string; role: string } {
  return { id: caller.id, role: caller.roles[0] ?? caller.kind };
}
