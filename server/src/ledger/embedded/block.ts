import { createHash } from 'node:crypto';
import type { CallerIdentity, TxTimestamp, WriteSetEntry } from '@eseal/chaincode';
import { chaincode } from '../chaincode-runtime';

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

/**
 * One committed transaction. The hash covers every other field and the previous block's hash, so
 * changing any byte of any earlier block breaks the chain from there on.
 */
export interface LedgerBlock {
  number: number;
  previousHash: string;
  txId: string;
  timestamp: TxTimestamp;
  creator: CallerIdentity;
  fn: string;
  args: string[];
  /** Values base64, null for a delete. */
  writeSet: Array<{ key: string; value: string | null }>;
  event: { name: string; payload: string } | null;
  hash: string;
}

export type UnsealedBlock = Omit<LedgerBlock, 'hash'>;

/** SM3 over the canonical JSON of everything but the hash itself. */
export function blockHash(block: UnsealedBlock): string {
  return createHash('sm3').update(blockJson(block, undefined)).digest('hex');
}

/**
 * Canonical JSON of a block (keys sorted, as canonicalJson would write it), built directly because blocks
 * carry thousands of write-set entries and the generic deep sort dominated commit time. A test pins it to
 * canonicalJson's output.
 */
function blockJson(b: UnsealedBlock, hash: string | undefined): string {
  const s = JSON.stringify;
  const event = b.event === null ? 'null' : `{"name":${s(b.event.name)},"payload":${s(b.event.payload)}}`;
  const writes = b.writeSet.map((w) => `{"key":${s(w.key)},"value":${s(w.value)}}`).join(',');
  return (
    `{"args":${s(b.args)},"creator":${chaincode.canonicalJson(b.creator)},"event":${event},"fn":${s(b.fn)},` +
    (hash === undefined ? '' : `"hash":${s(hash)},`) +
    `"number":${s(b.number)},"previousHash":${s(b.previousHash)},` +
    `"timestamp":{"nanos":${s(b.timestamp.nanos)},"seconds":${s(b.timestamp.seconds)}},"txId":${s(b.txId)},"writeSet":[${writes}]}`
  );
}

export function sealBlock(block: UnsealedBlock): LedgerBlock {
  return { ...block, hash: blockHash(block) };
}

export function encodeWriteSet(writes: readonly WriteSetEntry[]): LedgerBlock['writeSet'] {
  return writes.map(({ key, value }) => ({ key, value: value === null ? null : Buffer.from(value).toString('base64') }));
}

export function decodeWriteSet(writes: LedgerBlock['writeSet']): WriteSetEntry[] {
  return writes.map(({ key, value }) => ({ key, value: value === null ? null : Buffer.from(value, 'base64') }));
}

/** One line of the block file. Canonical, so a parsed block re-serialises to the same bytes. */
export function serializeBlock(block: LedgerBlock): string {
  return `${blockJson(block, block.hash)}\n`;
}
