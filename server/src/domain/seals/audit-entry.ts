import type { SealStatus } from './seal-status';

/** What happened to a seal; one entry per accepted command (第二十四条: every issuance, change, renewal and revocation is recorded). */
export type SealAction =
  'SUBMIT' | 'APPROVE' | 'REJECT' | 'MAKE' | 'FILE' | 'ACTIVATE' | 'RENEW' | 'CHANGE_CUSTODIAN' | 'REVOKE' | 'EXPIRE';

export interface Actor {
  /** Account or service id; 'system' for time-driven moves such as expiry. */
  readonly id: string;
  readonly role: string;
}

/** Who did what, when and why, and the move it made. Times are ISO-8601 UTC strings so the entry is JSON- and ledger-safe. */
export interface SealAuditEntry {
  readonly sealId: string;
  readonly action: SealAction;
  /** null for SUBMIT, which creates the record. */
  readonly from: SealStatus | null;
  readonly to: SealStatus;
  readonly actor: Actor;
  readonly at: string;
  readonly reason?: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export const SYSTEM_ACTOR: Actor = { id: 'system', role: 'system' };
