/** Anchoring: signing-record outbox -> deterministic Merkle batch -> ledger AnchorBatch -> proofs stored. */
export * from './ports';
export { anchorEntry, batchIdFor, buildBatch, type BuiltBatch } from './anchor-batch';
export { anchorLeafData } from '@eseal/core';
export { ANCHOR_QUEUE, DEFAULT_MAX_BATCH, parseAnchorJob, type AnchorJobV1 } from './anchor-job';
export { runAnchoring, type AnchorRunDeps, type AnchorRunResult } from './anchor-handler';
export { anchorProcessor } from './anchor-processor';
