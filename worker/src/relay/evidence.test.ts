import { createHash, randomBytes } from 'node:crypto';
import { batchEvidence, relayIdFor, sealEventEvidence, submissionFor } from './evidence';
import { submissionProblems } from './court-chain/protocol';

const tx = () => randomBytes(32).toString('hex');

describe('evidence for court chains', () => {
  it('gives a seal event an id from its transaction, and links all events of one seal by one token', () => {
    const sealId = `seal_${randomBytes(8).toString('hex')}`;
    const issued = sealEventEvidence({ event: 'SealIssued', sealId, transactionId: tx(), payload: { sealId, unitId: 'unit_1' } })!;
    const revoked = sealEventEvidence({ event: 'SealRevoked', sealId, transactionId: tx(), payload: { sealId } })!;
    expect(issued.phase).toBe('ISSUE');
    expect(revoked.phase).toBe('REVOKE');
    expect(issued.txToken).toBe(revoked.txToken);
    expect(issued.evidenceId).not.toBe(revoked.evidenceId);
    expect(issued.evidenceId).toMatch(/^sev_[0-9a-f]{40}$/);
    expect(issued.partyId).toBe('unit_1');
    expect(sealEventEvidence({ event: 'AuditAnchored', sealId, transactionId: tx(), payload: {} })).toBeUndefined();
  });

  it('is the same evidence when the same event is seen twice (a replayed ledger event relays nothing new)', () => {
    const input = { event: 'SealRenewed', sealId: 'seal_x', transactionId: tx(), payload: { sealId: 'seal_x', version: 3 } };
    expect(sealEventEvidence(input)).toEqual(sealEventEvidence({ ...input }));
  });

  it('digests the statement with each court chain’s algorithm into a well-formed submission', () => {
    const item = batchEvidence({
      batchId: `batch_${randomBytes(20).toString('hex')}`,
      root: randomBytes(32).toString('hex'),
      entryCount: 7,
      transactionId: tx(),
      at: new Date(),
    });
    const sm3 = submissionFor(item, 'SM3');
    const sha = submissionFor(item, 'SHA256');
    expect(sm3.digest).toBe(createHash('sm3').update(item.statement).digest('hex'));
    expect(sha.digest).toBe(createHash('sha256').update(item.statement).digest('hex'));
    expect(submissionProblems(sm3)).toEqual([]);
    expect(submissionProblems({ ...sm3, digest: 'zz' })).toHaveLength(1);
    expect(relayIdFor(item.evidenceId, 'hz-court')).toBe(`${item.evidenceId}@hz-court`);
  });
});
