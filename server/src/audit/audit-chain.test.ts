import { GENESIS_HASH, auditHash, chainEntries, canonicalAuditForm, type AuditRecord } from './audit-entry';

const at = () => new Date('2026-01-02T03:04:05.000Z');
const entry = (action: string) => ({ action, actor: { id: 'acct_1', role: 'AUDITOR', ip: '127.0.0.1' }, result: 'SUCCESS' as const });

describe('audit hash chain', () => {
  it('links each entry to the previous one by SM3 of its canonical form', () => {
    const [a, b] = chainEntries(
      { seq: 0, hash: GENESIS_HASH },
      [
        { id: 'audit_a', input: entry('x') },
        { id: 'audit_b', input: entry('y') },
      ],
      at,
    );
    expect(a).toMatchObject({ seq: 1, prevHash: GENESIS_HASH, at: '2026-01-02T03:04:05.000Z' });
    expect(b).toMatchObject({ seq: 2, prevHash: a.hash });
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    const { hash, ...unsealed } = b;
    expect(auditHash(unsealed)).toBe(hash);
  });

  it('hashes the same bytes whatever the field order, and different bytes for any edit', () => {
    const [a] = chainEntries(
      { seq: 0, hash: GENESIS_HASH },
      [{ id: 'audit_a', input: { ...entry('x'), details: { b: 1, a: [1, { d: 2, c: 3 }] } } }],
      at,
    );
    const { hash, ...unsealed } = a;
    const reordered = Object.fromEntries(Object.entries(unsealed).reverse()) as Omit<AuditRecord, 'hash'>;
    expect(auditHash(reordered)).toBe(hash);
    expect(canonicalAuditForm(unsealed)).toContain('"details":{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(auditHash({ ...unsealed, actor: { ...unsealed.actor, ip: '10.0.0.1' } })).not.toBe(hash);
    expect(auditHash({ ...unsealed, seq: 2 })).not.toBe(hash);
    expect(auditHash({ ...unsealed, result: 'DENIED' })).not.toBe(hash);
  });

  it('keeps only stored fields and reduces details to plain JSON, so the stored entry re-hashes the same', () => {
    const input = { ...entry('x'), extra: 'dropped', details: { when: new Date('2026-01-01T00:00:00Z'), gone: undefined } } as never;
    const [a] = chainEntries({ seq: 7, hash: 'f'.repeat(64) }, [{ id: 'audit_a', input }], at);
    expect(a).not.toHaveProperty('extra');
    expect(a.details).toEqual({ when: '2026-01-01T00:00:00.000Z' });
    expect(a.seq).toBe(8);
  });
});
