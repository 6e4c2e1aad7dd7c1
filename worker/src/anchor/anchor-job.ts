/**
 * Versioned payload of an anchor job. The job carries no records: it says "anchor what is pending",
 * so duplicate or lost jobs are harmless (the anchoring outbox in the record store is the source of truth).
 */
export interface AnchorJobV1 {
  v: 1;
  /** Largest batch (the chaincode accepts up to 10,000 entries per transaction). */
  maxBatch: number;
}

export const ANCHOR_QUEUE = 'anchor';
export const DEFAULT_MAX_BATCH = 1000;
const CHAINCODE_MAX_BATCH = 10_000;

export function parseAnchorJob(data: unknown): AnchorJobV1 {
  const o = (data ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw new Error('anchor job payload must be an object');
  if (o.v !== undefined && o.v !== 1) throw new Error(`unknown anchor job version ${String(o.v)}`);
  const maxBatch = o.maxBatch ?? DEFAULT_MAX_BATCH;
  if (typeof maxBatch !== 'number' || !Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > CHAINCODE_MAX_BATCH) {
    throw new Error(`maxBatch must be an integer between 1 and ${CHAINCODE_MAX_BATCH}`);
  }
  return { v: 1, maxBatch };
}
