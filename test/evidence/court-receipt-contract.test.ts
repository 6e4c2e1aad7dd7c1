import { randomBytes } from 'node:crypto';
import { batchEvidenceStatement, courtReceiptBatchSignedBytes, courtReceiptSignedBytes } from '@eseal/core';
import { batchEvidence } from '../../worker/src/relay/evidence';
import { receiptBatchSignedBytes, receiptSignedBytes } from '../../worker/src/relay/court-chain/protocol';

/**
 * The offline bundle check rebuilds two byte strings the relay and the court chain write: the evidence
 * statement of a batch (whose digest the court records) and the receipt's signed bytes. Core cannot
 * import the worker, so this pins both writers to the same bytes.
 */
describe('court-chain receipt bytes: the offline checker and the relay write the same', () => {
  it('batch evidence statement', () => {
    const batch = {
      batchId: `batch_${randomBytes(20).toString('hex')}`,
      root: randomBytes(32).toString('hex'),
      entryCount: 17,
      txId: randomBytes(32).toString('hex'),
      anchoredAt: new Date(Math.floor(Date.now() / 1000) * 1000).toISOString(),
    };
    const relayed = batchEvidence({ ...batch, transactionId: batch.txId, at: new Date(batch.anchoredAt) });
    expect(Buffer.from(batchEvidenceStatement(batch)).equals(Buffer.from(relayed.statement))).toBe(true);
  });

  it('receipt signed bytes', () => {
    const receipt = {
      evidenceId: `batch_${randomBytes(8).toString('hex')}`,
      evidenceNumber: 'CCE-20261206-000001',
      txHash: randomBytes(32).toString('hex'),
      blockHeight: 4711,
      recordedAt: new Date().toISOString(),
      digest: randomBytes(32).toString('hex'),
      digestAlgorithm: 'SHA256' as const,
    };
    expect(Buffer.from(courtReceiptSignedBytes(receipt)).equals(Buffer.from(receiptSignedBytes(receipt)))).toBe(true);
  });

  it('receipt batch signed bytes', () => {
    const root = randomBytes(32).toString('hex');
    expect(Buffer.from(courtReceiptBatchSignedBytes(root, 37)).equals(Buffer.from(receiptBatchSignedBytes(root, 37)))).toBe(true);
  });
});
