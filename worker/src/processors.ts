import type { ProcessorFactory } from './job-processor';

/**
 * The processors a production worker runs. Later features append theirs here (anchor: outbox to
 * Merkle batch to ledger; relay: batch to court-chain adapters; filing: seal records to public security).
 * Empty until then: a worker with no processors connects, idles and shuts down cleanly.
 */
export const PROCESSORS: readonly ProcessorFactory[] = [];
