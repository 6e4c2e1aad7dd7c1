import { createHash } from 'node:crypto';
import { int, octets, seq } from '../../../asn1/encode';
import { SealError } from '../../../errors';
import type { EmbeddedAttestationStatement, FabricTransactionAttestation } from '../bundle-types';
import { checkEndorsements } from './check-endorsements';
import {
  decodeBlock,
  decodeEndorsedTransaction,
  decodeIdentity,
  envelopeTxId,
  type EndorsedTransaction,
  type FabricBlock,
} from './block-messages';
import { ecdsaSha256Holds, type FabricTrust, trustedFabricIdentity } from './org-trust';
import { ProtoMessage } from './protobuf';

export interface CheckedFabricTransaction {
  /** The transaction as a statement of the same shape the embedded ledger signs, for the shared record checks. */
  statement: EmbeddedAttestationStatement;
  /** Position in the block: with the block number, the version Fabric gives the keys the transaction wrote. */
  txIndex: number;
  anchor: string;
}

/** A transaction checked in its block: everything a Fabric attestation proves, before what it wrote is read. */
export interface CheckedBlockTransaction {
  block: FabricBlock;
  tx: EndorsedTransaction;
  txIndex: number;
  /** SHA-256 of the DER block header: the hash the next block links to. */
  blockHash: string;
  /** Who endorsed it and which orderer signed the block, with their CAs. */
  anchor: string;
}

/**
 * One transaction in a Fabric block (base64 Block protobuf), checked offline against the trusted
 * organisations only, each failure with its own code: the transaction is in the block exactly once, on
 * `channel`, its endorsements hold and meet the policy, the block's data hash covers it, an orderer of a
 * trusted ordering organisation signed the block header, and the committing peer marked it valid.
 */
export function checkBlockTransaction(
  blockBase64: string,
  txId: string,
  channel: string,
  trust: FabricTrust,
  field: string,
): CheckedBlockTransaction {
  let block: FabricBlock;
  let txIndex: number;
  let tx: EndorsedTransaction;
  try {
    block = decodeBlock(Buffer.from(blockBase64, 'base64'));
    const indexes = block.envelopes.flatMap((e, i) => (txIdOrEmpty(e) === txId ? [i] : []));
    if (indexes.length !== 1)
      throw new SealError('BUNDLE_TX_NOT_IN_BLOCK', `${field}: block ${block.number} does not hold transaction ${txId} once`);
    txIndex = indexes[0]!;
    tx = decodeEndorsedTransaction(block.envelopes[txIndex]!);
  } catch (error) {
    if (error instanceof SealError) throw error;
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: not a readable Fabric block and transaction`, { cause: error });
  }
  if (tx.channel !== channel)
    throw new SealError(
      'BUNDLE_RECORD_MISMATCH',
      `${field}: transaction ${tx.txId} is on channel ${tx.channel}, the bundle names ${channel}`,
    );
  const endorsed = checkEndorsements(tx, trust, field);

  const dataHash = createHash('sha256');
  for (const envelope of block.envelopes) dataHash.update(envelope);
  if (!dataHash.digest().equals(Buffer.from(block.dataHash)))
    throw new SealError('BUNDLE_TX_NOT_IN_BLOCK', `${field}: block ${block.number}'s data hash does not cover its transactions`);
  const headerDer = seq(int(block.number), octets(block.previousHash), octets(block.dataHash));
  const orderer = ordererAnchor(block, headerDer, trust, tx.timestamp, field);
  if (block.validationCodes[txIndex] !== VALID)
    throw new SealError(
      'BUNDLE_TX_INVALIDATED',
      `${field}: the peer marked transaction ${tx.txId} invalid (validation code ${block.validationCodes[txIndex] ?? 'missing'})`,
    );
  const blockHash = createHash('sha256').update(headerDer).digest('hex');
  return { block, tx, txIndex, blockHash, anchor: `${endorsed}; block ${block.number} ${orderer}` };
}

/**
 * One anchoring or seal transaction from a Fabric block (checkBlockTransaction) that wrote exactly one seal
 * or batch record of the trusted chaincode, returned as the statement's record.
 */
export function checkFabricTransaction(
  attestation: FabricTransactionAttestation,
  channel: string,
  trust: FabricTrust,
  field: string,
): CheckedFabricTransaction {
  const { block, tx, txIndex, blockHash, anchor } = checkBlockTransaction(attestation.block, attestation.txId, channel, trust, field);
  const record = writtenRecord(tx, trust.chaincode, field);
  const timestamp = tx.timestamp.toISOString();
  return {
    statement: {
      type: 'eseal.ledger-attestation',
      version: 1,
      channel: tx.channel,
      block: {
        number: Number(block.number),
        hash: blockHash,
        previousHash: Buffer.from(block.previousHash).toString('hex'),
        txId: tx.txId,
        timestamp,
        fn: functionName(tx.args[0] ?? ''),
      },
      head: { number: Number(block.number), hash: blockHash },
      record,
      // A block says nothing about later transactions: currentness comes from an endorsed query (seal history).
      current: false,
      attestedAt: timestamp,
    },
    txIndex,
    anchor,
  };
}

const VALID = 0;

function txIdOrEmpty(envelope: Uint8Array): string {
  try {
    return envelopeTxId(envelope);
  } catch {
    return '';
  }
}

/** "SealRegistry:AnchorBatch" and "AnchorBatch" both name AnchorBatch. */
export function functionName(arg: string): string {
  return arg.slice(arg.lastIndexOf(':') + 1);
}

/** The orderer signs (metadata value ‖ signature header ‖ DER block header); any trusted orderer's signature counts. */
function ordererAnchor(block: FabricBlock, headerDer: Uint8Array, trust: FabricTrust, at: Date, field: string): string {
  const reasons: string[] = [];
  for (const s of block.signatures.signatures) {
    try {
      const identity = decodeIdentity(ProtoMessage.decode(s.signatureHeader, 'SignatureHeader').bytes(1));
      if (!trust.orderers.includes(identity.mspId)) {
        reasons.push(`${identity.mspId} is not a trusted ordering organisation`);
        continue;
      }
      const orderer = trustedFabricIdentity(identity, 'orderer', trust, at, 'BUNDLE_ORDERER_SIGNATURE_INVALID');
      const signed = Buffer.concat([block.signatures.value, s.signatureHeader, headerDer]);
      if (ecdsaSha256Holds(orderer.certificate.publicKey, signed, s.signature)) return `signed by ${orderer.anchor}`;
      reasons.push(`the signature of ${orderer.anchor} does not hold`);
    } catch (error) {
      reasons.push(error instanceof Error ? error.message : String(error));
    }
  }
  throw new SealError(
    'BUNDLE_ORDERER_SIGNATURE_INVALID',
    `${field}: no trusted orderer signed block ${block.number}'s header${reasons.length ? `: ${reasons.join('; ')}` : ''}`,
  );
}

/** Composite keys of the records a court relies on: "\0seal\0<id>\0" and "\0batch\0<id>\0" (chaincode keys.ts). */
const RECORD_KEY = /^\u0000(seal|batch)\u0000([^\u0000]+)\u0000$/;

function writtenRecord(tx: EndorsedTransaction, chaincode: string, field: string): Record<string, unknown> {
  const writes = tx.writes.filter((w) => w.namespace === chaincode && RECORD_KEY.test(w.key));
  if (writes.length !== 1 || writes[0]!.isDelete)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: transaction ${tx.txId} does not write exactly one seal or batch record`);
  const [, docType, id] = RECORD_KEY.exec(writes[0]!.key)!;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(writes[0]!.value)) as Record<string, unknown>;
  } catch (cause) {
    throw new SealError('BUNDLE_ATTESTATION_INVALID', `${field}: the record written by ${tx.txId} is not JSON`, { cause });
  }
  const recordId = docType === 'seal' ? record.sealId : record.batchId;
  if (typeof record !== 'object' || record === null || record.docType !== docType || recordId !== id)
    throw new SealError('BUNDLE_RECORD_MISMATCH', `${field}: the value written under ${docType} ${id} is not that record`);
  return record;
}

/** The composite key of a seal record, for reading the version an endorsed query saw. */
export const sealRecordKey = (sealId: string): string => `\u0000seal\u0000${sealId}\u0000`;
