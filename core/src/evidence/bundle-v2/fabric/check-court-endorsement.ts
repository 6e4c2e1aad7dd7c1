import { SealError } from '../../../errors';
import type { CourtReceipt } from '../bundle-types';
import type { SignedCourtReceipt } from '../court-receipt-bytes';
import { decodeEndorsedTransaction, type EndorsedTransaction } from './block-messages';
import { checkEndorsements } from './check-endorsements';
import { checkBlockTransaction, functionName } from './check-fabric-transaction';
import type { CourtFabricTrust } from './court-trust';

/** What a court organisation's Fabric channel vouches for in a receipt. */
export interface CourtEndorsement {
  /** The court peers that endorsed (and the orderer that signed the block), with the CAs that certify them. */
  anchor: string;
  /** Whether the receipt's block height is the number of an orderer-signed block holding the court transaction. */
  heightAttested: boolean;
}

/**
 * A receipt from a court's own Fabric channel, offline, against the court organisation's CA certificates
 * and endorsement policy only (fabric/check-endorsements.ts, as for our own network):
 *
 * - `signature`: the court peers' endorsement of GetEvidence(evidenceId) on the court's channel and evidence
 *   chaincode, whose answer is the court's record: its evidence id, digest, court transaction and time must
 *   be the receipt's;
 * - `block`, when carried: the block holding that court transaction, signed by a trusted orderer and marked
 *   valid, in which the court's chaincode wrote that same record (the transaction is RecordEvidence as the
 *   court endorsed it); its number is then the receipt's height.
 *
 * The endorsements' own failures keep their codes (BUNDLE_ENDORSEMENT_INVALID, BUNDLE_ENDORSER_UNTRUSTED, ...);
 * a receipt that says something else than what the court endorsed is BUNDLE_COURT_RECEIPT_MISMATCH.
 */
export function checkCourtEndorsement(
  receipt: CourtReceipt,
  signed: SignedCourtReceipt,
  court: CourtFabricTrust,
  field: string,
): CourtEndorsement {
  if (receipt.signature === undefined)
    throw new SealError('BUNDLE_COURT_RECEIPT_INVALID', `${field}: the receipt carries no endorsement of court chain ${court.chain}`);
  let query: EndorsedTransaction;
  try {
    query = decodeEndorsedTransaction(Buffer.from(receipt.signature, 'base64'));
  } catch (cause) {
    throw new SealError('BUNDLE_COURT_RECEIPT_INVALID', `${field}: the court's endorsement is not a readable Fabric transaction`, {
      cause,
    });
  }
  if (query.channel !== court.channel)
    throw mismatch(`${field}: the court's endorsement is from channel ${query.channel}, the trust file names ${court.channel}`);
  const endorsed = checkEndorsements(query, court, field);
  if (functionName(query.args[0] ?? '') !== 'GetEvidence' || query.args[1] !== signed.evidenceId || query.args.length !== 2)
    throw mismatch(`${field}: the court endorsed no GetEvidence of evidence ${signed.evidenceId}`);
  if (query.writes.length > 0) throw mismatch(`${field}: the court's endorsed query writes to its ledger`);
  const record = courtRecord(query.response.payload, `${field}: the court's endorsed answer`);
  assertSameRecord(record, signed, `${field}: the court's endorsed record`);
  if (receipt.block === undefined) return { anchor: endorsed, heightAttested: false };

  const inBlock = checkBlockTransaction(receipt.block, signed.txHash, court.channel, court, `${field}.block`);
  if (functionName(inBlock.tx.args[0] ?? '') !== 'RecordEvidence')
    throw mismatch(`${field}.block: court transaction ${signed.txHash} is not RecordEvidence`);
  const written = inBlock.tx.writes.filter((w) => w.namespace === court.chaincode && w.key === evidenceKey(signed.evidenceId));
  if (written.length !== 1 || written[0]!.isDelete)
    throw mismatch(`${field}.block: court transaction ${signed.txHash} did not record evidence ${signed.evidenceId}`);
  assertSameRecord(
    courtRecord(written[0]!.value, `${field}.block: the recorded evidence`),
    signed,
    `${field}.block: the recorded evidence`,
  );
  if (Number(inBlock.block.number) !== signed.blockHeight)
    throw mismatch(`${field}: the receipt gives height ${signed.blockHeight}, the court transaction is in block ${inBlock.block.number}`);
  return { anchor: inBlock.anchor, heightAttested: true };
}

/** The court chaincode's record (chaincode/src/court/court-evidence.ts CourtEvidenceRecord), as far as a receipt states it. */
interface CourtRecord {
  docType: unknown;
  evidenceId: unknown;
  digest: unknown;
  digestAlgorithm: unknown;
  txId: unknown;
  recordedAt: unknown;
}

function courtRecord(bytes: Uint8Array, what: string): CourtRecord {
  try {
    const value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as CourtRecord;
  } catch {
    // reported below
  }
  throw mismatch(`${what} is not a court evidence record`);
}

function assertSameRecord(record: CourtRecord, signed: SignedCourtReceipt, what: string): void {
  const differs = (
    [
      ['docType', record.docType, 'court-evidence'],
      ['evidenceId', record.evidenceId, signed.evidenceId],
      ['digest', record.digest, signed.digest],
      ['digestAlgorithm', record.digestAlgorithm, signed.digestAlgorithm],
      ['txId', record.txId, signed.txHash],
      ['recordedAt', record.recordedAt, signed.recordedAt],
      // The court's Fabric transaction id is its evidence number.
      ['txId as evidence number', record.txId, signed.evidenceNumber],
    ] as const
  ).filter(([, got, want]) => got !== want);
  if (differs.length > 0)
    throw mismatch(`${what} differs from the receipt in ${differs.map(([name, got]) => `${name} (${JSON.stringify(got)})`).join(', ')}`);
}

/** The court chaincode's composite key of an evidence record: "\0evidence\0<id>\0". */
const evidenceKey = (evidenceId: string): string => `\u0000evidence\u0000${evidenceId}\u0000`;

const mismatch = (message: string) => new SealError('BUNDLE_COURT_RECEIPT_MISMATCH', message);
