import { createHash } from 'node:crypto';
import { checkRegisteredSealData } from './registered-seal-check';
import type { LedgerSealView } from './ledger-port';

const sealA = new Uint8Array(Buffer.from('seal data A'));
const sealB = new Uint8Array(Buffer.from('seal data B'));
const sealC = new Uint8Array(Buffer.from('seal data C'));
const hex = (b: Uint8Array) => createHash('sm3').update(b).digest('hex');
const t = (s: string) => new Date(`2026-05-01T10:00:${s}Z`);
const entry = (at: Date, seal: Uint8Array) => ({
  at,
  status: 'ACTIVE' as const,
  validFrom: t('00'),
  validTo: new Date('2027-01-01T00:00:00Z'),
  sesealSm3: hex(seal),
});

// A issued at :00, replaced by B at :10.300 (custodian change), by C at :20.
const view: LedgerSealView = { sealCode: 'S', timeline: [entry(t('00'), sealA), entry(t('10.300'), sealB), entry(t('20'), sealC)] };

test('seal data replaced within the second after a signing still matches the stated (rounded-up) time', () => {
  // Signed at :10.100 with A, timeInfo rounded up to :11; B took over at :10.300.
  expect(checkRegisteredSealData(view, sealA, t('11')).status).toBe('pass');
});

test('seal data in force or next at the signing time matches; seal data from much later does not', () => {
  expect(checkRegisteredSealData(view, sealA, t('05')).status).toBe('pass');
  expect(checkRegisteredSealData(view, sealB, t('05')).status).toBe('pass'); // next: database switches before the ledger commits
  expect(checkRegisteredSealData(view, sealC, t('05'))).toMatchObject({ status: 'fail', code: 'DATA_HASH_MISMATCH' });
  expect(checkRegisteredSealData(view, sealA, t('15'))).toMatchObject({ status: 'fail', code: 'DATA_HASH_MISMATCH' });
});

test('seal data the ledger never registered fails', () => {
  expect(checkRegisteredSealData(view, new Uint8Array(Buffer.from('forged')), t('11'))).toMatchObject({
    status: 'fail',
    code: 'DATA_HASH_MISMATCH',
  });
});
