/** The server mirrors the relay queue's names and job options (it cannot import the worker): keep them equal. */
import { RELAY_JOB_NAME as SERVER_JOB_NAME, RELAY_REQUEUE_OPTIONS, relayQueueName as serverQueueName } from '../../server/src/relay';
import type { RelayDoc } from '../../server/src/relay';
import { RELAY_JOB_NAME, RELAY_STATES, relayJobOptions, relayQueueName } from '@eseal/worker';

describe('relay queue contract between server and worker', () => {
  it('names the queue and the job the same, with the same options', () => {
    expect(serverQueueName('court-a')).toBe(relayQueueName('court-a'));
    expect(SERVER_JOB_NAME).toBe(RELAY_JOB_NAME);
    expect({ jobId: 'ev_12345678@court-a', ...RELAY_REQUEUE_OPTIONS }).toEqual(relayJobOptions('ev_12345678@court-a'));
  });

  it('stores the same states the worker moves through', () => {
    const states: ReadonlyArray<RelayDoc['state']> = RELAY_STATES;
    expect([...states]).toEqual(['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD']);
  });
});
