import { FILING_JOB, FILING_QUEUE_NAME } from '../../server/src/composition/filing-queue';
import { FILING_JOB_NAME, FILING_QUEUE, parseFilingJob } from '../../worker/src/filing';

// The server produces filing jobs without importing the worker; this keeps both sides of the contract equal.
describe('filing queue contract', () => {
  it('uses the same queue and job name on both sides', () => {
    expect(FILING_QUEUE_NAME).toBe(FILING_QUEUE);
    expect(FILING_JOB).toBe(FILING_JOB_NAME);
  });

  it('produces payloads the worker accepts', () => {
    expect(parseFilingJob({ version: 1, filingId: 'filing_abcdefgh12345678' })).toEqual({
      version: 1,
      filingId: 'filing_abcdefgh12345678',
    });
  });
});
