/** The server's relay records restate the worker's states (store/ never imports the worker): keep them equal. */
import type { RelayDoc } from '../../server/src/relay';
import { RELAY_STATES } from '@eseal/worker';

describe('relay contract between server and worker', () => {
  it('stores the same states the worker moves through', () => {
    const states: ReadonlyArray<RelayDoc['state']> = RELAY_STATES;
    expect([...states]).toEqual(['PENDING', 'SUBMITTED', 'CONFIRMED', 'REJECTED', 'DEAD']);
  });
});
