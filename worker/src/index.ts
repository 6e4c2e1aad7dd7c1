export { startWorker, type StartWorkerOptions, type RunningWorker } from './start-worker';
export type { JobProcessor, ProcessorFactory, WorkerContext } from './job-processor';
export type { WorkerConfig } from './worker-config';
export { openQueueConnection } from './queue-connection';
export * from './filing';
export * from './anchor';
export * from './ledger-events';
export * from './relay';
