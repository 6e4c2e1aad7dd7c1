import { certificateResolver } from './lookup-resolvers';
import { lookupPublicly } from './public-lookup';

describe('the certificate-number resolver (the seam for the evidence-certificate feature)', () => {
  const doc = 'ab'.repeat(32);
  const find = async (n: string) =>
    n === 'EC-2026-000001' ? { documentSm3s: [doc], shown: { certificateNumber: n, issuedAt: '2026-12-01T08:00:00Z' } } : null;

  it('answers NOT_FOUND for every number while no finder is wired', async () => {
    await expect(lookupPublicly([certificateResolver()], { by: 'certificateNumber', value: 'EC-2026-000001' })).resolves.toEqual({
      result: 'NOT_FOUND',
      code: 'LOOKUP_NOT_FOUND',
      by: 'certificateNumber',
      value: 'EC-2026-000001',
    });
  });

  it('slots a finder in: MATCH, MISMATCH for another document, NOT_FOUND for an unknown number', async () => {
    const resolvers = [certificateResolver(find)];
    await expect(
      lookupPublicly(resolvers, { by: 'certificateNumber', value: 'EC-2026-000001', documentSm3: doc.toUpperCase() }),
    ).resolves.toMatchObject({
      result: 'MATCH',
      code: 'LOOKUP_MATCH',
      certificate: { certificateNumber: 'EC-2026-000001' },
    });
    await expect(
      lookupPublicly(resolvers, { by: 'certificateNumber', value: 'EC-2026-000001', documentSm3: 'cd'.repeat(32) }),
    ).resolves.toMatchObject({
      result: 'MISMATCH',
      code: 'LOOKUP_MISMATCH',
    });
    await expect(lookupPublicly(resolvers, { by: 'certificateNumber', value: 'EC-2026-000002' })).resolves.toMatchObject({
      result: 'NOT_FOUND',
    });
    await expect(lookupPublicly(resolvers, { by: 'sm3', value: doc })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
