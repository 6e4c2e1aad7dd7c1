import type { FilingEvent, RevocationReason, SealKind } from '../../domain';

/** What happened to the seal that is being filed (备案); see filingEventFor in the domain. */
export type FilingAction = FilingEvent;

/**
 * One filing with the public-security system: every made, changed, renewed or revoked seal is filed
 * (备案). `filingId` is chosen by us and makes the call idempotent: the filing job may send the same
 * record again after a crash or timeout and gets the first acknowledgement back.
 */
export interface FilingRecord {
  /** 8-64 characters [A-Za-z0-9_-]; the same id must always carry the same content. */
  readonly filingId: string;
  readonly action: FilingAction;
  readonly sealId: string;
  /** Public-security seal code (印章编码) of the physical seal this e-seal mirrors. */
  readonly sealCode: string;
  readonly unit: { readonly uscc: string; readonly name: string };
  readonly kind: SealKind;
  /** Text on the seal, e.g. 合同专用章, or the holder's name for a position seal. */
  readonly sealName: string;
  readonly certificate: { readonly serial: string; readonly notBefore: string; readonly notAfter: string };
  readonly imprintSm3: string;
  readonly revocationReason?: RevocationReason;
  /** When the change took effect, ISO-8601. */
  readonly occurredAt: string;
  /** The seal-making institution's registration id. */
  readonly makerId: string;
}

export interface FilingAck {
  readonly ackId: string;
  /** ISO-8601, as the public-security system recorded it. */
  readonly filedAt: string;
}

export interface FilingSystem {
  /**
   * Files the record. Safe to repeat with the same filingId and content.
   * Throws SealError UPSTREAM_UNAVAILABLE (retry with the same filingId) or UPSTREAM_REJECTED
   * (the record was refused; retrying will not help).
   */
  file(record: FilingRecord): Promise<FilingAck>;
}
