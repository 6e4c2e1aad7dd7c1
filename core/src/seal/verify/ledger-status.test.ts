import { checkLedgerStatus } from './ledger-status';

const claimed = new Date('2026-03-01T10:00:00Z');
const revokedAt = new Date('2026-03-05T00:00:00Z');

describe('a seal revoked after the claimed signing time', () => {
  test('passes without proof only when the caller does not ask for it (plain SES_Signature checks)', () => {
    expect(checkLedgerStatus({ state: 'revoked', revokedAt }, claimed).status).toBe('pass');
  });

  test('fails when proof is required and only the signer claims the time (leaked keys can backdate)', () => {
    const check = checkLedgerStatus({ state: 'revoked', revokedAt, requireProofBeforeRevocation: true }, claimed);
    expect(check).toMatchObject({ status: 'fail', code: 'SEAL_REVOKED' });
  });

  test('passes when a ledger anchor proves the signature existed before the revocation', () => {
    const check = checkLedgerStatus(
      {
        state: 'revoked',
        revokedAt,
        requireProofBeforeRevocation: true,
        provenExisting: { at: new Date('2026-03-01T10:01:00Z'), by: 'ledger anchor tx1' },
      },
      claimed,
    );
    expect(check.status).toBe('pass');
    expect(check.details).toMatchObject({ provenExisting: { by: 'ledger anchor tx1' } });
  });

  test('fails when the only proof of existence comes after the revocation', () => {
    const check = checkLedgerStatus(
      {
        state: 'revoked',
        revokedAt,
        requireProofBeforeRevocation: true,
        provenExisting: { at: new Date('2026-03-06T00:00:00Z'), by: 'ledger anchor tx2' },
      },
      claimed,
    );
    expect(check).toMatchObject({ status: 'fail', code: 'SEAL_REVOKED' });
  });
});

test('revoked before the claimed time fails whatever the proof', () => {
  const check = checkLedgerStatus(
    {
      state: 'revoked',
      revokedAt: new Date('2026-02-01T00:00:00Z'),
      requireProofBeforeRevocation: true,
      provenExisting: { at: claimed, by: 'x' },
    },
    claimed,
  );
  expect(check).toMatchObject({ status: 'fail', code: 'SEAL_REVOKED' });
});
