import { ProtoMessage } from './protobuf';

/**
 * Fabric's block and transaction messages, decoded as far as an offline check needs them (field numbers
 * from fabric-protos: common/common.proto, peer/transaction.proto, peer/proposal*.proto, ledger/rwset).
 * Signed byte strings are kept exactly as they travel, because every signature is over those bytes.
 */
export interface FabricBlock {
  number: bigint;
  previousHash: Uint8Array;
  dataHash: Uint8Array;
  /** Every transaction envelope of the block, as ordered. */
  envelopes: Uint8Array[];
  /** metadata[SIGNATURES]: the orderer's signatures over the header. */
  signatures: { value: Uint8Array; signatures: Array<{ signatureHeader: Uint8Array; signature: Uint8Array }> };
  /** metadata[TRANSACTIONS_FILTER]: the committing peer's validation code per transaction (0 = VALID); not signed. */
  validationCodes: Uint8Array;
}

export interface SerializedIdentity {
  mspId: string;
  /** PEM certificate. */
  certificatePem: string;
}

export interface EndorsedTransaction {
  channel: string;
  txId: string;
  /** HeaderType: 3 is ENDORSER_TRANSACTION. */
  type: number;
  timestamp: Date;
  creator: SerializedIdentity;
  /** channel header ‖ the action's signature header ‖ chaincode proposal payload: SHA-256 of it is the proposal hash. */
  proposalHashInput: Uint8Array[];
  /** Chaincode name and arguments as invoked. */
  chaincode: string;
  args: string[];
  proposalResponsePayload: Uint8Array;
  proposalHash: Uint8Array;
  endorsements: Array<{ endorser: Uint8Array; signature: Uint8Array }>;
  /** The chaincode's answer (status 200 for success) and the read-write set it produced. */
  response: { status: number; payload: Uint8Array };
  resultChaincode: string;
  reads: Array<{ namespace: string; key: string; blockNum: bigint; txNum: bigint; present: boolean }>;
  writes: Array<{ namespace: string; key: string; isDelete: boolean; value: Uint8Array }>;
}

const METADATA_SIGNATURES = 0;
const METADATA_TRANSACTIONS_FILTER = 2;

export function decodeBlock(bytes: Uint8Array): FabricBlock {
  const block = ProtoMessage.decode(bytes, 'Block');
  const header = block.message(1, 'BlockHeader');
  const metadata = block.message(3, 'BlockMetadata').repeatedBytes(1);
  const signatures = ProtoMessage.decode(metadata[METADATA_SIGNATURES] ?? new Uint8Array(0), 'Metadata');
  return {
    number: header.number(1),
    previousHash: header.bytes(2),
    dataHash: header.bytes(3),
    envelopes: block.message(2, 'BlockData').repeatedBytes(1),
    signatures: {
      value: signatures.bytes(1),
      signatures: signatures.repeatedBytes(2).map((s) => {
        const m = ProtoMessage.decode(s, 'MetadataSignature');
        return { signatureHeader: m.bytes(1), signature: m.bytes(2) };
      }),
    },
    validationCodes: metadata[METADATA_TRANSACTIONS_FILTER] ?? new Uint8Array(0),
  };
}

export function decodeIdentity(bytes: Uint8Array): SerializedIdentity {
  const m = ProtoMessage.decode(bytes, 'SerializedIdentity');
  return { mspId: m.string(1), certificatePem: m.string(2) };
}

/** The channel header's transaction id, without decoding the rest (to find a transaction in a block). */
export function envelopeTxId(envelope: Uint8Array): string {
  const payload = ProtoMessage.decode(envelope, 'Envelope').message(1, 'Payload');
  return payload.message(1, 'Header').message(1, 'ChannelHeader').string(5);
}

/** An endorser transaction envelope (from a block, or endorsed and never submitted). */
export function decodeEndorsedTransaction(envelope: Uint8Array): EndorsedTransaction {
  const payload = ProtoMessage.decode(envelope, 'Envelope').message(1, 'Payload');
  const header = payload.message(1, 'Header');
  const channelHeaderBytes = header.bytes(1);
  const channelHeader = ProtoMessage.decode(channelHeaderBytes, 'ChannelHeader');
  const timestamp = channelHeader.message(3, 'Timestamp');
  const actions = payload.message(2, 'Transaction').repeatedBytes(1);
  if (actions.length !== 1) throw new Error(`Transaction: expected one action, found ${actions.length}`);
  const action = ProtoMessage.decode(actions[0]!, 'TransactionAction');
  const actionSignatureHeader = action.bytes(1);
  const actionPayload = action.message(2, 'ChaincodeActionPayload');
  const proposalPayloadBytes = actionPayload.bytes(1);
  const proposalPayload = ProtoMessage.decode(proposalPayloadBytes, 'ChaincodeProposalPayload');
  const spec = proposalPayload.message(1, 'ChaincodeInvocationSpec').message(1, 'ChaincodeSpec');
  const endorsed = actionPayload.message(2, 'ChaincodeEndorsedAction');
  const proposalResponsePayload = endorsed.bytes(1);
  const responsePayload = ProtoMessage.decode(proposalResponsePayload, 'ProposalResponsePayload');
  const chaincodeAction = responsePayload.message(2, 'ChaincodeAction');
  const response = chaincodeAction.message(3, 'Response');
  const { reads, writes } = readWriteSet(chaincodeAction.bytes(1));
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  return {
    channel: channelHeader.string(4),
    txId: channelHeader.string(5),
    type: Number(channelHeader.number(1)),
    timestamp: new Date(Number(timestamp.number(1)) * 1000 + Math.floor(Number(timestamp.number(2)) / 1e6)),
    creator: decodeIdentity(ProtoMessage.decode(header.bytes(2), 'SignatureHeader').bytes(1)),
    proposalHashInput: [channelHeaderBytes, actionSignatureHeader, proposalPayloadBytes],
    chaincode: spec.message(2, 'ChaincodeID').string(2),
    args: spec
      .message(3, 'ChaincodeInput')
      .repeatedBytes(1)
      .map((a) => utf8.decode(a)),
    proposalResponsePayload,
    proposalHash: responsePayload.bytes(1),
    endorsements: endorsed.repeatedBytes(2).map((e) => {
      const m = ProtoMessage.decode(e, 'Endorsement');
      return { endorser: m.bytes(1), signature: m.bytes(2) };
    }),
    response: { status: Number(response.number(1)), payload: response.bytes(3) },
    resultChaincode: chaincodeAction.message(4, 'ChaincodeID').string(2),
    reads,
    writes,
  };
}

function readWriteSet(bytes: Uint8Array): Pick<EndorsedTransaction, 'reads' | 'writes'> {
  const reads: EndorsedTransaction['reads'] = [];
  const writes: EndorsedTransaction['writes'] = [];
  for (const ns of ProtoMessage.decode(bytes, 'TxReadWriteSet').repeatedBytes(2)) {
    const set = ProtoMessage.decode(ns, 'NsReadWriteSet');
    const namespace = set.string(1);
    const kv = set.message(2, 'KVRWSet');
    for (const r of kv.repeatedBytes(1)) {
      const read = ProtoMessage.decode(r, 'KVRead');
      const version = read.has(2) ? read.message(2, 'Version') : undefined;
      reads.push({
        namespace,
        key: read.string(1),
        blockNum: version?.number(1) ?? 0n,
        txNum: version?.number(2) ?? 0n,
        present: version !== undefined,
      });
    }
    for (const w of kv.repeatedBytes(3)) {
      const write = ProtoMessage.decode(w, 'KVWrite');
      writes.push({ namespace, key: write.string(1), isDelete: write.number(2) !== 0n, value: write.bytes(3) });
    }
  }
  return { reads, writes };
}

/** The envelope inside a Fabric Gateway PreparedTransaction (gateway.proto: transaction_id = 1, envelope = 2). */
export function envelopeOfPreparedTransaction(bytes: Uint8Array): Uint8Array {
  return ProtoMessage.decode(bytes, 'PreparedTransaction').bytes(2);
}
