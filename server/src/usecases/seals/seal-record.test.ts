import { legalNameSlotFor } from './seal-record';

const seal = (kind: 'LEGAL_NAME' | 'CONTRACT', replacingSealId?: string) => ({
  _id: 'seal_1',
  unitId: 'unit_1',
  kind,
  ...(replacingSealId ? { replacingSealId } : {}),
});

describe('legal-name slot (the unique guard behind one legal-name seal per unit)', () => {
  it.each(['SUBMITTED', 'APPROVED', 'MADE', 'FILED', 'ACTIVE'] as const)('takes the unit slot while %s', (status) => {
    expect(legalNameSlotFor(seal('LEGAL_NAME'), status)).toBe('unit_1');
  });

  it.each(['REJECTED', 'REVOKED', 'EXPIRED'] as const)('frees it when %s', (status) => {
    expect(legalNameSlotFor(seal('LEGAL_NAME'), status)).toBe('seal_1');
  });

  it('never takes it for other kinds', () => {
    expect(legalNameSlotFor(seal('CONTRACT'), 'ACTIVE')).toBe('seal_1');
  });

  it('lets a re-issue wait on its own slot until it is made, then take the unit slot', () => {
    expect(legalNameSlotFor(seal('LEGAL_NAME', 'seal_old'), 'SUBMITTED')).toBe('unit_1#replacement');
    expect(legalNameSlotFor(seal('LEGAL_NAME', 'seal_old'), 'APPROVED')).toBe('unit_1#replacement');
    expect(legalNameSlotFor(seal('LEGAL_NAME', 'seal_old'), 'MADE')).toBe('unit_1');
  });
});
