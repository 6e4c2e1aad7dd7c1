import pino from 'pino';
import { startLedgerEventConsumer, type RunningLedgerEventConsumer } from './consumer';
import type { EventOutcome } from './handle-event';
import type { ChainEvent } from './ports';
import { FakeEventLog, MemoryCheckpoints, fakePorts, until } from './__tests__/fakes';

const logger = pino({ level: 'silent' });
const sealEvent = (name: string, sealId: string) => ({
  name,
  payload: { sealId, unitId: 'u', kind: 'CONTRACT', status: 'ACTIVE', version: 1, at: new Date().toISOString() },
});

describe('ledger event consumer', () => {
  let running: RunningLedgerEventConsumer | undefined;
  afterEach(async () => running?.close());

  function start(checkpoints: MemoryCheckpoints, ports: ReturnType<typeof fakePorts>['ports'], handled: Array<[ChainEvent, EventOutcome]>) {
    running = startLedgerEventConsumer(ports, { checkpoints, logger, retryDelayMs: 10, onHandled: (e, o) => handled.push([e, o]) });
    return running;
  }

  it('handles every event once across a restart, resuming after the stored checkpoint', async () => {
    const log = new FakeEventLog();
    const fake = fakePorts(log);
    const checkpoints = new MemoryCheckpoints();
    for (const [name, id] of [
      ['SealIssued', 's1'],
      ['SealChanged', 's1'],
      ['SealRenewed', 's2'],
    ]) {
      const e = sealEvent(name!, id!);
      log.append(e.name, e.payload);
    }
    const handled: Array<[ChainEvent, EventOutcome]> = [];
    await start(checkpoints, fake.ports, handled);
    await until(() => handled.length === 3);
    await running!.close();
    expect(checkpoints.cursor).toEqual({ blockNumber: 3, transactionId: 'tx3' });

    // Committed while no consumer ran: picked up on restart, and nothing before it again.
    const revoked = sealEvent('SealRevoked', 's2');
    log.append(revoked.name, revoked.payload);
    start(checkpoints, fake.ports, handled);
    await until(() => handled.length === 4);
    expect(handled.map(([e]) => e.transactionId)).toEqual(['tx1', 'tx2', 'tx3', 'tx4']);
    expect(fake.filingCalls).toEqual(['s1', 's1', 's2', 's2']);
    expect(handled[3]![1]).toEqual({ kind: 'filing-jobs', sealId: 's2', queued: 1 });
  });

  it('retries a failed event from the checkpoint without repeating the ones before it', async () => {
    const log = new FakeEventLog();
    const fake = fakePorts(log);
    const checkpoints = new MemoryCheckpoints();
    const handled: Array<[ChainEvent, EventOutcome]> = [];
    start(checkpoints, fake.ports, handled);
    const first = sealEvent('SealIssued', 'a');
    log.append(first.name, first.payload);
    await until(() => handled.length === 1);
    fake.failFilings(2); // the queue store is down for two attempts
    const second = sealEvent('SealIssued', 'b');
    log.append(second.name, second.payload);
    await until(() => handled.length === 2);
    expect(fake.filingCalls).toEqual(['a', 'b']);
    expect(log.subscriptions).toBe(3);
    expect(checkpoints.cursor).toEqual({ blockNumber: 2, transactionId: 'tx2' });
  });

  it('skips a malformed or unknown event (retrying cannot fix ledger bytes) and moves on', async () => {
    const log = new FakeEventLog();
    const fake = fakePorts(log);
    const checkpoints = new MemoryCheckpoints();
    log.append('SealIssued', { sealId: 42 });
    log.append('AnchorAudited', { anything: true });
    const ok = sealEvent('SealRevoked', 'c');
    log.append(ok.name, ok.payload);
    const handled: Array<[ChainEvent, EventOutcome]> = [];
    start(checkpoints, fake.ports, handled);
    await until(() => handled.length === 3);
    expect(handled.map(([, o]) => o.kind)).toEqual(['ignored', 'ignored', 'filing-jobs']);
    expect(fake.filingCalls).toEqual(['c']);
  });

  it('starts from the initial cursor when no checkpoint is stored, and close() stops a waiting consumer', async () => {
    const log = new FakeEventLog();
    const fake = fakePorts(log);
    for (const id of ['old', 'new']) {
      const e = sealEvent('SealIssued', id);
      log.append(e.name, e.payload);
    }
    const handled: Array<[ChainEvent, EventOutcome]> = [];
    running = startLedgerEventConsumer(fake.ports, {
      checkpoints: new MemoryCheckpoints(),
      logger,
      initialCursor: { blockNumber: 2 },
      onHandled: (e, o) => handled.push([e, o]),
    });
    await until(() => handled.length === 1);
    expect(fake.filingCalls).toEqual(['new']);
    await running.close();
    await running.close(); // idempotent
  });
});
