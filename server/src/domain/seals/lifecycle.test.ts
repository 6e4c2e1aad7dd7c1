import { SealError } from '@eseal/core';
import { contextAt, sm3Of } from '../__tests__/fixtures';
import { applySealCommand, submitSeal, type SealCommand, type SealLifecycle } from './lifecycle';

const certificate = { serial: '01AB', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z' };
const made: SealCommand = { type: 'MAKE', keyId: 'key-1', certificate, imprintSm3: sm3Of('imprint'), sesealSm3: sm3Of('seseal') };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof SealError) return error.code;
    throw error;
  }
  return undefined;
}

/** Runs the making path and returns an ACTIVE contract seal with custodian u1. */
function activeSeal(kind: SealLifecycle['kind'] = 'CONTRACT'): SealLifecycle {
  const ctx = contextAt('2025-01-01T00:00:00Z');
  let seal = submitSeal('seal-1', kind, ctx).seal;
  for (const command of [
    { type: 'APPROVE' },
    made,
    { type: 'FILE', ackId: 'ack-1', filedAt: '2025-01-01T01:00:00.000Z' },
    { type: 'ACTIVATE' },
  ] as SealCommand[]) {
    seal = applySealCommand(seal, command, ctx).seal;
  }
  return { ...seal, custodianId: 'u1' };
}

describe('seal lifecycle commands', () => {
  it('records every step of the making path with who, when, from and to', () => {
    const ctx = contextAt('2025-01-01T00:00:00Z', 'reviewer');
    const submitted = submitSeal('seal-1', 'CONTRACT', ctx);
    expect(submitted.audit).toEqual({
      sealId: 'seal-1',
      action: 'SUBMIT',
      from: null,
      to: 'SUBMITTED',
      actor: { id: 'reviewer-1', role: 'reviewer' },
      at: '2025-01-01T00:00:00.000Z',
    });
    const approved = applySealCommand(submitted.seal, { type: 'APPROVE' }, ctx);
    expect(approved.audit).toMatchObject({ action: 'APPROVE', from: 'SUBMITTED', to: 'APPROVED' });
    const afterMake = applySealCommand(approved.seal, made, ctx);
    expect(afterMake.seal).toMatchObject({ status: 'MADE', keyId: 'key-1', certificate, imprintSm3: sm3Of('imprint') });
    expect(afterMake.audit.details).toMatchObject({ certificateSerial: '01AB' });
    const filed = applySealCommand(afterMake.seal, { type: 'FILE', ackId: 'ack-1', filedAt: '2025-01-01T01:00:00.000Z' }, ctx);
    expect(filed.seal.filing).toEqual({ ackId: 'ack-1', filedAt: '2025-01-01T01:00:00.000Z' });
    expect(applySealCommand(filed.seal, { type: 'ACTIVATE' }, ctx).seal.status).toBe('ACTIVE');
  });

  it('does not mutate the input record', () => {
    const seal = submitSeal('seal-1', 'CONTRACT', contextAt('2025-01-01T00:00:00Z')).seal;
    applySealCommand(seal, { type: 'APPROVE' }, contextAt('2025-01-01T00:00:00Z'));
    expect(seal.status).toBe('SUBMITTED');
  });

  it('requires a reason to reject, and records it', () => {
    const seal = submitSeal('seal-1', 'CONTRACT', contextAt('2025-01-01T00:00:00Z')).seal;
    expect(codeOf(() => applySealCommand(seal, { type: 'REJECT', reason: '  ' }, contextAt('2025-01-02T00:00:00Z')))).toBe(
      'VALIDATION_FAILED',
    );
    const rejected = applySealCommand(seal, { type: 'REJECT', reason: '营业执照已过期' }, contextAt('2025-01-02T00:00:00Z'));
    expect(rejected.seal).toMatchObject({ status: 'REJECTED', rejectionReason: '营业执照已过期' });
    expect(rejected.audit.reason).toBe('营业执照已过期');
  });

  it('refuses illegal moves with INVALID_TRANSITION and from/to in details', () => {
    const seal = submitSeal('seal-1', 'CONTRACT', contextAt('2025-01-01T00:00:00Z')).seal;
    try {
      applySealCommand(seal, { type: 'ACTIVATE' }, contextAt('2025-01-01T00:00:00Z'));
      throw new Error('expected a SealError');
    } catch (error) {
      expect((error as SealError).code).toBe('INVALID_TRANSITION');
      expect((error as SealError).details).toMatchObject({ from: 'SUBMITTED', to: 'ACTIVE', sealId: 'seal-1' });
    }
    const ctx = contextAt('2026-12-15T00:00:00Z');
    expect(codeOf(() => applySealCommand(seal, { type: 'CHANGE_CUSTODIAN', custodianId: 'u2' }, ctx))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => applySealCommand(seal, made, ctx))).toBe('INVALID_TRANSITION');
  });

  it('refuses an unknown command', () => {
    const seal = submitSeal('seal-1', 'CONTRACT', contextAt('2025-01-01T00:00:00Z')).seal;
    expect(codeOf(() => applySealCommand(seal, { type: 'DELETE' } as unknown as SealCommand, contextAt('2025-01-01T00:00:00Z')))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('refuses a MAKE with a malformed digest or an inverted certificate', () => {
    const approved = applySealCommand(
      submitSeal('s', 'CONTRACT', contextAt('2025-01-01T00:00:00Z')).seal,
      { type: 'APPROVE' },
      contextAt('2025-01-01T00:00:00Z'),
    ).seal;
    const ctx = contextAt('2025-01-01T00:00:00Z');
    expect(codeOf(() => applySealCommand(approved, { ...made, imprintSm3: 'ABC' } as SealCommand, ctx))).toBe('VALIDATION_FAILED');
    const inverted = { ...certificate, notBefore: certificate.notAfter, notAfter: certificate.notBefore };
    expect(codeOf(() => applySealCommand(approved, { ...made, certificate: inverted } as SealCommand, ctx))).toBe('VALIDATION_FAILED');
  });

  describe('renewal', () => {
    const renewed = { serial: '02CD', notBefore: '2026-12-20T00:00:00.000Z', notAfter: '2029-01-01T00:00:00.000Z' };
    const renew = (imprint = sm3Of('imprint')): SealCommand => ({
      type: 'RENEW',
      certificate: renewed,
      imprintSm3: imprint,
      sesealSm3: sm3Of('seseal-2'),
    });

    it('inside the window, keeps id and imprint and takes the new certificate validity', () => {
      const result = applySealCommand(activeSeal(), renew(), contextAt('2026-12-15T00:00:00Z'));
      expect(result.seal).toMatchObject({
        sealId: 'seal-1',
        status: 'ACTIVE',
        certificate: renewed,
        imprintSm3: sm3Of('imprint'),
        sesealSm3: sm3Of('seseal-2'),
      });
      expect(result.audit).toMatchObject({
        action: 'RENEW',
        from: 'ACTIVE',
        to: 'ACTIVE',
        details: { previousCertificateSerial: '01AB', certificateSerial: '02CD' },
      });
    });

    it('before the window or after expiry is RENEWAL_WINDOW_CLOSED', () => {
      expect(codeOf(() => applySealCommand(activeSeal(), renew(), contextAt('2026-11-01T00:00:00Z')))).toBe('RENEWAL_WINDOW_CLOSED');
      expect(codeOf(() => applySealCommand(activeSeal(), renew(), contextAt('2027-01-01T00:00:00Z')))).toBe('RENEWAL_WINDOW_CLOSED');
    });

    it('with a different imprint is refused', () => {
      expect(codeOf(() => applySealCommand(activeSeal(), renew(sm3Of('new imprint')), contextAt('2026-12-15T00:00:00Z')))).toBe(
        'VALIDATION_FAILED',
      );
    });

    it('of an expired seal is an illegal move', () => {
      const expired = applySealCommand(activeSeal(), { type: 'EXPIRE' }, contextAt('2027-01-01T00:00:00Z')).seal;
      expect(codeOf(() => applySealCommand(expired, renew(), contextAt('2026-12-15T00:00:00Z')))).toBe('INVALID_TRANSITION');
    });
  });

  it('expires only once the certificate has run out', () => {
    expect(codeOf(() => applySealCommand(activeSeal(), { type: 'EXPIRE' }, contextAt('2026-12-31T23:59:59Z')))).toBe('INVALID_TRANSITION');
    const result = applySealCommand(activeSeal(), { type: 'EXPIRE' }, contextAt('2027-01-01T00:00:00Z'));
    expect(result.seal.status).toBe('EXPIRED');
    expect(result.audit).toMatchObject({ from: 'ACTIVE', to: 'EXPIRED', details: { notAfter: '2027-01-01T00:00:00.000Z' } });
  });

  describe('change of custodian', () => {
    it('keeps the seal and records both custodians', () => {
      const result = applySealCommand(activeSeal(), { type: 'CHANGE_CUSTODIAN', custodianId: 'u2' }, contextAt('2026-01-01T00:00:00Z'));
      expect(result.seal).toMatchObject({ sealId: 'seal-1', status: 'ACTIVE', custodianId: 'u2', keyId: 'key-1' });
      expect(result.audit.details).toEqual({ previousCustodianId: 'u1', custodianId: 'u2' });
    });

    it('to the same custodian, or on a position seal, is refused', () => {
      const ctx = contextAt('2026-01-01T00:00:00Z');
      expect(codeOf(() => applySealCommand(activeSeal(), { type: 'CHANGE_CUSTODIAN', custodianId: 'u1' }, ctx))).toBe('INVALID_TRANSITION');
      expect(codeOf(() => applySealCommand(activeSeal('LEGAL_REPRESENTATIVE'), { type: 'CHANGE_CUSTODIAN', custodianId: 'u2' }, ctx))).toBe(
        'INVALID_TRANSITION',
      );
    });
  });

  describe('revocation (第二十一条)', () => {
    const ctx = contextAt('2026-03-01T00:00:00Z', 'maker');
    const materials = [
      { kind: 'REVOCATION_APPLICATION', sm3: sm3Of('application') },
      { kind: 'LOSS_OR_THEFT_REPORT', sm3: sm3Of('police receipt') },
      { kind: 'UNRELATED', sm3: sm3Of('x') },
    ];

    it('records the reason, the required materials and the reported time', () => {
      const result = applySealCommand(
        activeSeal(),
        { type: 'REVOKE', reason: 'SEAL_LOST_OR_STOLEN', materials, reportedCompromiseAt: '2026-02-27T08:00:00.000Z' },
        ctx,
      );
      expect(result.seal.status).toBe('REVOKED');
      expect(result.seal.revocation).toEqual({
        reason: 'SEAL_LOST_OR_STOLEN',
        materials: materials.slice(0, 2),
        reportedCompromiseAt: '2026-02-27T08:00:00.000Z',
      });
      expect(result.audit).toMatchObject({ action: 'REVOKE', from: 'ACTIVE', to: 'REVOKED', reason: 'SEAL_LOST_OR_STOLEN' });
    });

    it('refuses a reason outside the closed list', () => {
      expect(codeOf(() => applySealCommand(activeSeal(), { type: 'REVOKE', reason: 'BORED', materials }, ctx))).toBe(
        'INVALID_REVOCATION_REASON',
      );
      expect(codeOf(() => applySealCommand(activeSeal(), { type: 'REVOKE', reason: undefined, materials }, ctx))).toBe(
        'INVALID_REVOCATION_REASON',
      );
    });

    it('lists the missing materials', () => {
      try {
        applySealCommand(activeSeal(), { type: 'REVOKE', reason: 'UNIT_DISSOLVED', materials }, ctx);
        throw new Error('expected a SealError');
      } catch (error) {
        expect((error as SealError).code).toBe('APPLICATION_INCOMPLETE');
        expect((error as SealError).details).toMatchObject({ missing: ['DISSOLUTION_PROOF'], malformed: [] });
      }
    });

    it('refuses a compromise reported in the future', () => {
      const command: SealCommand = {
        type: 'REVOKE',
        reason: 'KEY_LEAKED',
        materials: [
          { kind: 'REVOCATION_APPLICATION', sm3: sm3Of('a') },
          { kind: 'KEY_LEAK_STATEMENT', sm3: sm3Of('b') },
        ],
        reportedCompromiseAt: '2026-04-01T00:00:00.000Z',
      };
      expect(codeOf(() => applySealCommand(activeSeal(), command, ctx))).toBe('VALIDATION_FAILED');
    });

    it('is possible for a MADE seal whose key leaked, but not for an application', () => {
      const c = contextAt('2025-01-01T00:00:00Z');
      let seal = submitSeal('s', 'CONTRACT', c).seal;
      const command: SealCommand = {
        type: 'REVOKE',
        reason: 'KEY_LEAKED',
        materials: [
          { kind: 'REVOCATION_APPLICATION', sm3: sm3Of('a') },
          { kind: 'KEY_LEAK_STATEMENT', sm3: sm3Of('b') },
        ],
      };
      expect(codeOf(() => applySealCommand(seal, command, c))).toBe('INVALID_TRANSITION');
      seal = applySealCommand(applySealCommand(seal, { type: 'APPROVE' }, c).seal, made, c).seal;
      expect(applySealCommand(seal, command, c).audit).toMatchObject({ from: 'MADE', to: 'REVOKED' });
    });

    it('is final', () => {
      const revoked = applySealCommand(activeSeal(), { type: 'REVOKE', reason: 'SEAL_LOST_OR_STOLEN', materials }, ctx).seal;
      expect(codeOf(() => applySealCommand(revoked, { type: 'REVOKE', reason: 'SEAL_LOST_OR_STOLEN', materials }, ctx))).toBe(
        'INVALID_TRANSITION',
      );
      expect(codeOf(() => applySealCommand(revoked, { type: 'ACTIVATE' }, ctx))).toBe('INVALID_TRANSITION');
    });
  });
});
