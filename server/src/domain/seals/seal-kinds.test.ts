import { isSealKind, requiresUseApproval, SEAL_KIND_CODES, SEAL_KINDS, STARTER_PACKAGE } from './seal-kinds';

describe('seal kinds', () => {
  it('lists the eight official and five position seals of the regulation', () => {
    const official = SEAL_KIND_CODES.filter((k) => SEAL_KINDS[k].category === 'OFFICIAL');
    const position = SEAL_KIND_CODES.filter((k) => SEAL_KINDS[k].category === 'POSITION');
    expect(official).toEqual(['LEGAL_NAME', 'INTERNAL_DEPARTMENT', 'BRANCH', 'CONTRACT', 'FINANCE', 'INVOICE', 'AUDIT', 'CUSTOMS']);
    expect(position).toEqual(['LEGAL_REPRESENTATIVE', 'OPERATOR', 'PRINCIPAL', 'FINANCE_PRINCIPAL', 'AUTHORISED_REPRESENTATIVE']);
  });

  it('maps official seals to GB/T 38540 type 1 and position seals to type 2', () => {
    for (const kind of SEAL_KIND_CODES) {
      const info = SEAL_KINDS[kind];
      expect(info.kind).toBe(kind);
      expect(info.gbt38540Type).toBe(info.category === 'OFFICIAL' ? 1 : 2);
      expect(info.bearsPersonName).toBe(info.category === 'POSITION');
    }
  });

  it('has the Chinese names engraved on the seals', () => {
    expect(SEAL_KINDS.CONTRACT.nameZh).toBe('合同专用章');
    expect(SEAL_KINDS.CUSTOMS.nameZh).toBe('报关专用章');
    expect(SEAL_KINDS.FINANCE_PRINCIPAL.nameZh).toBe('财务负责人章');
    expect(new Set(SEAL_KIND_CODES.map((k) => SEAL_KINDS[k].nameZh)).size).toBe(SEAL_KIND_CODES.length);
  });

  it('groups the five business seals', () => {
    const business = SEAL_KIND_CODES.filter((k) => SEAL_KINDS[k].officialGroup === 'BUSINESS');
    expect(business).toEqual(['CONTRACT', 'FINANCE', 'INVOICE', 'AUDIT', 'CUSTOMS']);
  });

  it('gives a new enterprise legal-name, finance, contract and legal-representative seals', () => {
    expect([...STARTER_PACKAGE].sort()).toEqual(['CONTRACT', 'FINANCE', 'LEGAL_NAME', 'LEGAL_REPRESENTATIVE']);
  });

  it('needs use approval for official seals only', () => {
    expect(requiresUseApproval('CONTRACT')).toBe(true);
    expect(requiresUseApproval('LEGAL_REPRESENTATIVE')).toBe(false);
  });

  it('narrows untrusted strings', () => {
    expect(isSealKind('INVOICE')).toBe(true);
    expect(isSealKind('invoice')).toBe(false);
    expect(isSealKind('PERSONAL')).toBe(false);
    expect(isSealKind(3)).toBe(false);
  });
});
