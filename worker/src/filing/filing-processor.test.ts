import { UnrecoverableError } from 'bullmq';
import { SealError } from '@eseal/core';
import { FilingNotYetDueError, processFiling } from './filing-processor';
import { filingJobOptions, parseFilingJob } from './filing-job';
import type { FilingAckPort, FilingPorts, StoredFiling } from './ports';

/** In-memory store port: records what the processor asked for, so each rule is observable. */
function portsWith(filing: StoredFiling | undefined, file: () => Promise<FilingAckPort>) {
  const calls: string[] = [];
  const ports: FilingPorts = {
    store: {
      loadFiling: async () => filing,
      markAcknowledged: async (id, ack) => void calls.push(`ack ${id} ${ack.ackId}`),
      markFailed: async (id, reason) => void calls.push(`failed ${id} ${reason}`),
      recordAttemptFailure: async (id, reason) => void calls.push(`attempt ${id} ${reason}`),
    },
    filingSystem: { file: async () => file() },
  };
  return { ports, calls };
}

const pending: StoredFiling = {
  filingId: 'filing_12345678',
  state: 'PENDING',
  record: { filingId: 'filing_12345678' },
  waitingForEarlier: false,
};
const job = { version: 1 as const, filingId: 'filing_12345678' };

describe('filing processor', () => {
  it('files and stores the acknowledgement', async () => {
    const { ports, calls } = portsWith(pending, async () => ({ ackId: 'A1', filedAt: '2026-01-01T00:00:00Z' }));
    await expect(processFiling(ports, job)).resolves.toBe('ACKNOWLEDGED');
    expect(calls).toEqual(['ack filing_12345678 A1']);
  });

  it('does not send an acknowledged or failed filing again', async () => {
    const never = async (): Promise<FilingAckPort> => {
      throw new Error('must not be called');
    };
    await expect(processFiling(portsWith({ ...pending, state: 'ACKED' }, never).ports, job)).resolves.toBe('ALREADY_ACKNOWLEDGED');
    await expect(processFiling(portsWith({ ...pending, state: 'FAILED' }, never).ports, job)).resolves.toBe('ALREADY_FAILED');
    await expect(processFiling(portsWith(undefined, never).ports, job)).resolves.toBe('MISSING');
  });

  it('waits (retryable) while an earlier filing of the seal is unacknowledged', async () => {
    const { ports } = portsWith({ ...pending, waitingForEarlier: true }, async () => ({ ackId: 'A', filedAt: 'x' }));
    await expect(processFiling(ports, job)).rejects.toBeInstanceOf(FilingNotYetDueError);
  });

  it('retries UPSTREAM_UNAVAILABLE (rethrows, records the attempt)', async () => {
    const { ports, calls } = portsWith(pending, async () => {
      throw new SealError('UPSTREAM_UNAVAILABLE', 'down');
    });
    await expect(processFiling(ports, job)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(calls).toEqual(['attempt filing_12345678 UPSTREAM_UNAVAILABLE: down']);
  });

  it('fails for good on UPSTREAM_REJECTED and marks the filing FAILED', async () => {
    const { ports, calls } = portsWith(pending, async () => {
      throw new SealError('UPSTREAM_REJECTED', 'refused');
    });
    await expect(processFiling(ports, job)).rejects.toBeInstanceOf(UnrecoverableError);
    expect(calls).toEqual(['failed filing_12345678 UPSTREAM_REJECTED: refused']);
  });
});

describe('filing job payload', () => {
  it.each([
    null,
    {},
    { version: 2, filingId: 'filing_12345678' },
    { version: 1, filingId: 'short' },
    { version: 1, filingId: 'bad id with spaces' },
  ])('rejects %p', (data) => expect(() => parseFilingJob(data)).toThrow());

  it('uses the filing id as job id and backs off exponentially', () => {
    expect(filingJobOptions('filing_x1234567', 100, 5)).toMatchObject({
      jobId: 'filing_x1234567',
      attempts: 5,
      backoff: { type: 'exponential', delay: 100 },
    });
  });
});
