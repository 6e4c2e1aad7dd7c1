/** Chaincode events driving the worker: filing jobs for seal changes, proofs for anchored batches. */
export * from './ports';
export { handleLedgerEvent, type EventOutcome } from './handle-event';
export { startLedgerEventConsumer, type LedgerEventConsumerOptions, type RunningLedgerEventConsumer } from './consumer';
export { RedisCheckpointStore } from './redis-checkpoint-store';
export { startLedgerEvents, type StartLedgerEventsOptions } from './start-consumer';
