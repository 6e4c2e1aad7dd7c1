import { SealError } from '@eseal/core';
import { assertSm3Hex, checkDocuments, type DocumentRef } from '../documents';
import type { Actor, SealAction, SealAuditEntry } from './audit-entry';
import { assertRenewalWindowOpen, assertRenewedValidity, isExpired } from './renewal-window';
import { parseRevocationReason, REVOCATION_REASONS, type RevocationMaterial, type RevocationReason } from './revocation-reasons';
import { SEAL_KINDS, type SealKind } from './seal-kinds';
import { assertTransition, type SealStatus } from './seal-status';

/** The certificate facts the rules need; the certificate itself lives with the seal data. */
export interface CertificateFacts {
  readonly serial: string;
  /** ISO-8601 */
  readonly notBefore: string;
  /** ISO-8601 */
  readonly notAfter: string;
}

/** The part of a seal record the lifecycle rules read and write. Times are ISO-8601 strings. */
export interface SealLifecycle {
  readonly sealId: string;
  readonly kind: SealKind;
  readonly status: SealStatus;
  readonly custodianId?: string;
  readonly keyId?: string;
  readonly certificate?: CertificateFacts;
  readonly imprintSm3?: string;
  readonly sesealSm3?: string;
  readonly filing?: { readonly ackId: string; readonly filedAt: string };
  readonly rejectionReason?: string;
  readonly revocation?: {
    readonly reason: RevocationReason;
    readonly materials: readonly DocumentRef<RevocationMaterial>[];
    /** When the loss or leak happened as reported, if earlier than the revocation itself. */
    readonly reportedCompromiseAt?: string;
  };
}

export type SealCommand =
  | { readonly type: 'APPROVE' }
  | { readonly type: 'REJECT'; readonly reason: string }
  | {
      readonly type: 'MAKE';
      readonly keyId: string;
      readonly certificate: CertificateFacts;
      readonly imprintSm3: string;
      readonly sesealSm3: string;
    }
  | { readonly type: 'FILE'; readonly ackId: string; readonly filedAt: string }
  | { readonly type: 'ACTIVATE' }
  | { readonly type: 'RENEW'; readonly certificate: CertificateFacts; readonly imprintSm3: string; readonly sesealSm3: string }
  | { readonly type: 'CHANGE_CUSTODIAN'; readonly custodianId: string }
  | {
      readonly type: 'REVOKE';
      readonly reason: unknown;
      readonly materials: readonly DocumentRef<string>[];
      readonly reportedCompromiseAt?: string;
    }
  | { readonly type: 'EXPIRE' };

export interface CommandContext {
  readonly actor: Actor;
  readonly now: Date;
  /** Free-text note for the audit entry (the reason of REJECT and REVOKE is recorded anyway). */
  readonly note?: string;
}

export interface CommandResult {
  readonly seal: SealLifecycle;
  readonly audit: SealAuditEntry;
}

function invalid(seal: SealLifecycle, to: SealStatus, why: string): SealError {
  return new SealError('INVALID_TRANSITION', why, { details: { sealId: seal.sealId, from: seal.status, to } });
}

function requireText(value: string, field: string): string {
  const trimmed = value.trim();
  if (trimmed === '') throw new SealError('VALIDATION_FAILED', `${field} is required`, { details: { field } });
  return trimmed;
}

function parseIsoTime(value: string, field: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new SealError('VALIDATION_FAILED', `${field} must be an ISO-8601 time`, { details: { field } });
  }
  return date;
}

function validityOf(certificate: CertificateFacts) {
  return {
    notBefore: parseIsoTime(certificate.notBefore, 'certificate.notBefore'),
    notAfter: parseIsoTime(certificate.notAfter, 'certificate.notAfter'),
  };
}

function assertCertificate(certificate: CertificateFacts): void {
  requireText(certificate.serial, 'certificate.serial');
  const { notBefore, notAfter } = validityOf(certificate);
  if (notBefore.getTime() >= notAfter.getTime()) {
    throw new SealError('VALIDATION_FAILED', 'certificate ends before it starts', { details: { field: 'certificate' } });
  }
}

/** Creates the record for a new application: SUBMITTED, with the audit entry that opens its history. */
export function submitSeal(sealId: string, kind: SealKind, context: CommandContext): CommandResult {
  const seal: SealLifecycle = { sealId, kind, status: 'SUBMITTED' };
  return { seal, audit: auditEntry(seal, 'SUBMIT', null, context) };
}

function auditEntry(
  seal: SealLifecycle,
  action: SealAction,
  from: SealStatus | null,
  context: CommandContext,
  extra: { reason?: string; details?: Record<string, unknown> } = {},
): SealAuditEntry {
  const reason = extra.reason ?? context.note;
  return {
    sealId: seal.sealId,
    action,
    from,
    to: seal.status,
    actor: context.actor,
    at: context.now.toISOString(),
    ...(reason === undefined ? {} : { reason }),
    ...(extra.details === undefined ? {} : { details: extra.details }),
  };
}

const TARGET: Readonly<Record<SealCommand['type'], SealStatus | 'SAME'>> = {
  APPROVE: 'APPROVED',
  REJECT: 'REJECTED',
  MAKE: 'MADE',
  FILE: 'FILED',
  ACTIVATE: 'ACTIVE',
  RENEW: 'SAME',
  CHANGE_CUSTODIAN: 'SAME',
  REVOKE: 'REVOKED',
  EXPIRE: 'EXPIRED',
};

/**
 * Applies one command to a seal: checks the move is allowed from the current status, checks the
 * command's own rule, and returns the new state with its audit entry. Pure: the caller stores both
 * (and the ledger transaction) together.
 */
export function applySealCommand(seal: SealLifecycle, command: SealCommand, context: CommandContext): CommandResult {
  const target = TARGET[command.type] as SealStatus | 'SAME' | undefined;
  if (target === undefined) {
    throw new SealError('VALIDATION_FAILED', 'unknown seal command', { details: { field: 'type', type: String(command.type) } });
  }
  const to: SealStatus = target === 'SAME' ? 'ACTIVE' : target;
  // RENEW and CHANGE_CUSTODIAN are ACTIVE → ACTIVE; anything else from another status is refused here.
  if (target === 'SAME' && seal.status !== 'ACTIVE') throw invalid(seal, to, `${command.type} needs an ACTIVE seal`);
  assertTransition(seal.status, to, seal.sealId);
  const from = seal.status;

  switch (command.type) {
    case 'APPROVE':
    case 'ACTIVATE': {
      const next = { ...seal, status: to };
      return { seal: next, audit: auditEntry(next, command.type, from, context) };
    }
    case 'REJECT': {
      const reason = requireText(command.reason, 'reason');
      const next = { ...seal, status: to, rejectionReason: reason };
      return { seal: next, audit: auditEntry(next, 'REJECT', from, context, { reason }) };
    }
    case 'MAKE': {
      requireText(command.keyId, 'keyId');
      assertCertificate(command.certificate);
      assertSm3Hex(command.imprintSm3, 'imprintSm3');
      assertSm3Hex(command.sesealSm3, 'sesealSm3');
      const next: SealLifecycle = {
        ...seal,
        status: to,
        keyId: command.keyId,
        certificate: command.certificate,
        imprintSm3: command.imprintSm3,
        sesealSm3: command.sesealSm3,
      };
      return {
        seal: next,
        audit: auditEntry(next, 'MAKE', from, context, {
          details: { certificateSerial: command.certificate.serial, imprintSm3: command.imprintSm3, sesealSm3: command.sesealSm3 },
        }),
      };
    }
    case 'FILE': {
      const ackId = requireText(command.ackId, 'ackId');
      parseIsoTime(command.filedAt, 'filedAt');
      const next = { ...seal, status: to, filing: { ackId, filedAt: command.filedAt } };
      return { seal: next, audit: auditEntry(next, 'FILE', from, context, { details: { ackId } }) };
    }
    case 'RENEW':
      return renew(seal, command, context);
    case 'CHANGE_CUSTODIAN':
      return changeCustodian(seal, command.custodianId, context);
    case 'REVOKE':
      return revoke(seal, command, context);
    case 'EXPIRE': {
      const notAfter = seal.certificate === undefined ? undefined : validityOf(seal.certificate).notAfter;
      if (notAfter === undefined || !isExpired(notAfter, context.now)) {
        throw invalid(seal, to, 'the certificate has not expired yet');
      }
      const next = { ...seal, status: to };
      return { seal: next, audit: auditEntry(next, 'EXPIRE', from, context, { details: { notAfter: notAfter.toISOString() } }) };
    }
  }
}

/** 第十三条/第二十条: new certificate inside the window, same imprint; the seal's validity becomes the new certificate's. */
function renew(seal: SealLifecycle, command: Extract<SealCommand, { type: 'RENEW' }>, context: CommandContext): CommandResult {
  if (seal.certificate === undefined) throw invalid(seal, 'ACTIVE', 'the seal has no certificate to renew');
  const current = validityOf(seal.certificate);
  assertRenewalWindowOpen(current.notAfter, context.now);
  assertCertificate(command.certificate);
  assertRenewedValidity(current, validityOf(command.certificate));
  assertSm3Hex(command.imprintSm3, 'imprintSm3');
  assertSm3Hex(command.sesealSm3, 'sesealSm3');
  if (command.imprintSm3 !== seal.imprintSm3) {
    // The imprint is what people recognise on paper and on screen; a renewal must not change it.
    throw new SealError('VALIDATION_FAILED', 'a renewal keeps the imprint unchanged', {
      details: { sealId: seal.sealId, currentImprintSm3: seal.imprintSm3, renewedImprintSm3: command.imprintSm3 },
    });
  }
  const next: SealLifecycle = { ...seal, certificate: command.certificate, sesealSm3: command.sesealSm3 };
  return {
    seal: next,
    audit: auditEntry(next, 'RENEW', 'ACTIVE', context, {
      details: {
        previousCertificateSerial: seal.certificate.serial,
        certificateSerial: command.certificate.serial,
        notAfter: command.certificate.notAfter,
      },
    }),
  };
}

/**
 * A new custodian keeps the seal (same key, certificate and imprint). Position seals are held by the
 * person named on them (第十六条), so a new holder there is a new seal, not a custodian change.
 */
function changeCustodian(seal: SealLifecycle, custodianId: string, context: CommandContext): CommandResult {
  const id = requireText(custodianId, 'custodianId');
  if (SEAL_KINDS[seal.kind].category === 'POSITION') {
    throw invalid(seal, 'ACTIVE', 'a position seal stays with the person named on it; issue a new seal instead');
  }
  if (id === seal.custodianId) throw invalid(seal, 'ACTIVE', 'the new custodian is the current one');
  const next = { ...seal, custodianId: id };
  return {
    seal: next,
    audit: auditEntry(next, 'CHANGE_CUSTODIAN', 'ACTIVE', context, {
      details: { previousCustodianId: seal.custodianId ?? null, custodianId: id },
    }),
  };
}

function revoke(seal: SealLifecycle, command: Extract<SealCommand, { type: 'REVOKE' }>, context: CommandContext): CommandResult {
  const reason = parseRevocationReason(command.reason);
  const required = REVOCATION_REASONS[reason].materials;
  const { missing, malformed } = checkDocuments(required, command.materials);
  if (missing.length > 0 || malformed.length > 0) {
    throw new SealError('APPLICATION_INCOMPLETE', 'revocation materials are missing', {
      details: { sealId: seal.sealId, reason, missing, malformed },
    });
  }
  if (command.reportedCompromiseAt !== undefined) {
    const reported = parseIsoTime(command.reportedCompromiseAt, 'reportedCompromiseAt');
    if (reported.getTime() > context.now.getTime()) {
      throw new SealError('VALIDATION_FAILED', 'reportedCompromiseAt is in the future', { details: { field: 'reportedCompromiseAt' } });
    }
  }
  const materials = command.materials.filter((m): m is DocumentRef<RevocationMaterial> => (required as readonly string[]).includes(m.kind));
  const next: SealLifecycle = {
    ...seal,
    status: 'REVOKED',
    revocation: {
      reason,
      materials,
      ...(command.reportedCompromiseAt === undefined ? {} : { reportedCompromiseAt: command.reportedCompromiseAt }),
    },
  };
  return {
    seal: next,
    audit: auditEntry(next, 'REVOKE', seal.status, context, {
      reason,
      details: { materials: materials.map((m) => ({ kind: m.kind, sm3: m.sm3 })) },
    }),
  };
}
