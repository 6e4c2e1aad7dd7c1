import type { ProcessorFactory } from './job-processor';

/**
 * Processors that need nothing but the worker's shared context (Redis, logger, config). None today.
 * Processors that need the server's stores or ledger (anchor, filing) are factories over ports,
 * `anchorProcessor(ports)` and `filingProcessor(ports)`, bound and passed to startWorker by the
 * launcher (scripts/src/start.ts), because the worker never imports server internals.
 * Empty, a worker connects, idles and shuts down cleanly.
 */
export const PROCESSORS: readonly ProcessorFactory[] = [];
