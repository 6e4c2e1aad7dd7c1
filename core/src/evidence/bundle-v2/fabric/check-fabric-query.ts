import { SealError } from '../../../errors';
import type { FabricEndorsedQuery } from '../bundle-types';
import { checkEndorsements } from './check-endorsements';
import { functionName, sealRecordKey } from './check-fabric-transaction';
import { decodeEndorsedTransaction, type EndorsedTransaction } from './block-messages';
import type { FabricTrust } from './org-trust';

export interface CheckedSealQuery {
  /** The version of the seal record the endorsing peers read: the block and transaction that last wrote it. */
  version: { blockNumber: number; txIndex: number };
  /** The proposal's time (the requester's claim, endorsed by the peers). */
  at: string;
  anchor: string;
}

/**
 * An endorsed, never submitted GetSeal proposal: the endorsing organisations' peers each ran it against their
 * committed state and signed what they read. Its read set names the transaction that last wrote the seal
 * record, which is how an offline check knows that no later change (a revocation) is left out of a history.
 */
export function checkFabricSealQuery(
  query: FabricEndorsedQuery,
  channel: string,
  trust: FabricTrust,
  sealId: string,
  field: string,
): CheckedSealQuery {
  let tx: EndorsedTransaction;
  try {
    tx = decodeEndorsedTransaction(Buffer.from(query.envelope, 'base64'));
  } catch (cause) {
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: not a readable endorsed Fabric query`, { cause });
  }
  if (tx.channel !== channel)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: the query ran on channel ${tx.channel}, the bundle names ${channel}`);
  const anchor = checkEndorsements(tx, trust, field);
  if (functionName(tx.args[0] ?? '') !== 'GetSeal' || tx.args[1] !== sealId || tx.args.length !== 2)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: the endorsed query is not GetSeal of seal ${sealId}`);
  if (tx.writes.length > 0) throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: the endorsed query writes to the ledger`);
  const read = tx.reads.find((r) => r.namespace === trust.chaincode && r.key === sealRecordKey(sealId));
  if (read === undefined || !read.present)
    throw new SealError('BUNDLE_HISTORY_INCOMPLETE', `${field}: the endorsing peers did not read seal ${sealId}'s record`);
  return { version: { blockNumber: Number(read.blockNum), txIndex: Number(read.txNum) }, at: tx.timestamp.toISOString(), anchor };
}
