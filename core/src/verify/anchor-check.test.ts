import { ANCHORING_WINDOW_MS, checkAnchor } from './anchor-check';
import type { VerificationLedger } from './ledger-port';

const DAY = 86_400_000;

/** A ledger that cannot place a signature in its batch by itself (Fabric seen from the CLI, no proof bundle). */
const unlocating: VerificationLedger = {
  findsEverySignature: false,
  findSeal: async () => undefined,
  findSignature: async () => undefined,
};

describe('checkAnchor on a ledger that cannot locate every signature', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const facts = { signatureSm3: 'ab'.repeat(32), esID: '1234567890123', now };

  it('leaves a signature claimed long ago INDETERMINATE, never a pass by omission (a backdated signature)', async () => {
    const { check } = await checkAnchor(unlocating, { ...facts, claimed: new Date(now.getTime() - 30 * DAY) });
    expect(check).toMatchObject({ status: 'indeterminate', code: 'EVIDENCE_MISSING' });
    expect(check.message).toMatch(/proof bundle/);
  });

  it('skips a signature still within its anchoring window', async () => {
    const { check } = await checkAnchor(unlocating, { ...facts, claimed: new Date(now.getTime() - ANCHORING_WINDOW_MS / 2) });
    expect(check.status).toBe('skipped');
  });
});
