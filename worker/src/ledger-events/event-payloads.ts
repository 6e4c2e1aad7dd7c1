/**
 * The chaincode event payloads this consumer acts on, checked on the way in: the bytes come from the
 * ledger, which any member organisation's chaincode build writes to, so parse defensively and skip
 * what does not fit instead of acting on half a payload.
 */

export const SEAL_EVENT_NAMES = ['SealIssued', 'SealChanged', 'SealRenewed', 'SealRevoked'] as const;
export const BATCH_EVENT_NAME = 'BatchAnchored';

export interface SealEventFacts {
  sealId: string;
}

export interface BatchEventFacts {
  batchId: string;
  root: string;
  entryCount: number;
  at: Date;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function sealEventFacts(payload: unknown): SealEventFacts | undefined {
  const sealId = field(payload, 'sealId');
  return typeof sealId === 'string' && sealId.length > 0 && sealId.length <= 128 ? { sealId } : undefined;
}

export function batchEventFacts(payload: unknown): BatchEventFacts | undefined {
  const batchId = field(payload, 'batchId');
  const root = field(payload, 'root');
  const entryCount = field(payload, 'entryCount');
  const at = field(payload, 'at');
  if (typeof batchId !== 'string' || batchId.length === 0 || batchId.length > 128) return undefined;
  if (typeof root !== 'string' || !HEX64.test(root)) return undefined;
  if (typeof entryCount !== 'number' || !Number.isInteger(entryCount) || entryCount < 1) return undefined;
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined;
  return { batchId, root, entryCount, at: new Date(at) };
}

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)[name] : undefined;
}
