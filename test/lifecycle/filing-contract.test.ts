import { parseFilingJob } from '../../worker/src/filing';

// The server's producer (server/src/composition/filing-queue.ts) takes the queue name, job name and
// options from the worker's filing-job.ts, so only the payload is left to keep in step.
describe('filing queue contract', () => {
  it('produces payloads the worker accepts', () => {
    expect(parseFilingJob({ version: 1, filingId: 'filing_abcdefgh12345678' })).toEqual({
      version: 1,
      filingId: 'filing_abcdefgh12345678',
    });
  });
});
