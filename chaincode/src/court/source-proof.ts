import { X509Certificate, createHash, verify } from 'node:crypto';
import { ChaincodeError } from '../contract/errors';
import { Proto } from './protobuf';
import type { SourceTrust } from './source-trust';

/** What an endorsed query of the source network proves, once its endorsements hold. */
export interface CheckedSourceQuery {
  /** The query's transaction id: SHA-256 of its nonce and creator, so one proof is used once. */
  txId: string;
  timestampMs: number;
  fn: string;
  args: string[];
  /** The chaincode's answer, as every endorser signed it. */
  response: string;
  endorsedBy: string[];
}

const ENDORSER_TRANSACTION = 3n;

/**
 * A Weaver-style proof from the source network: a query (transaction envelope, endorsed and never
 * submitted) whose proposal response payload every required organisation's peer signed. Checked here:
 * the endorsements are for this proposal (proposal hash), each endorser is a peer (OU=peer) whose
 * certificate a trusted CA of its organisation issued and that was valid at the query's time, each ECDSA
 * signature over (payload ‖ endorser) holds, every organisation of the policy endorsed, and the source
 * channel and chaincode are the trusted ones. Anything else is refused with SOURCE_PROOF_INVALID.
 */
export function checkSourceQuery(envelope: Uint8Array, trust: SourceTrust): CheckedSourceQuery {
  let decoded;
  try {
    decoded = decodeQuery(envelope);
  } catch (cause) {
    throw refused(`not a readable endorsed transaction (${(cause as Error).message})`);
  }
  const { tx } = decoded;
  if (tx.type !== ENDORSER_TRANSACTION) throw refused('not an endorser transaction');
  if (tx.channel !== trust.channel) throw refused(`from channel ${tx.channel}, not ${trust.channel}`);
  if (tx.chaincode !== trust.chaincode || tx.resultChaincode !== trust.chaincode)
    throw refused(`chaincode ${tx.chaincode}, not ${trust.chaincode}`);
  const hash = createHash('sha256');
  for (const part of tx.proposalHashInput) hash.update(part);
  if (!hash.digest().equals(Buffer.from(tx.proposalHash))) throw refused('the endorsements are for another proposal');
  const endorsedBy = new Set<string>();
  const at = new Date(tx.timestampMs);
  for (const e of tx.endorsements) {
    const identity = Proto.decode(e.endorser);
    const mspId = identity.string(1);
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(Buffer.from(identity.bytes(2)));
    } catch {
      throw refused(`an endorser certificate of ${mspId} cannot be read`);
    }
    const issuer = (trust.organisations.get(mspId) ?? []).find((ca) => certificate.checkIssued(ca) && certificate.verify(ca.publicKey));
    if (issuer === undefined) throw refused(`an endorser of ${mspId} is not certified by a trusted CA of ${mspId}`);
    if (at < new Date(certificate.validFrom) || at > new Date(certificate.validTo))
      throw refused(`an endorser of ${mspId} was not valid then`);
    if (!certificate.subject.split('\n').includes('OU=peer')) throw refused(`an endorser of ${mspId} is not a peer`);
    let holds = false;
    try {
      holds = verify(
        'sha256',
        Buffer.concat([tx.proposalResponsePayload, e.endorser]),
        { key: certificate.publicKey, dsaEncoding: 'der' },
        e.signature,
      );
    } catch {
      holds = false;
    }
    if (!holds) throw refused(`the endorsement signature of ${mspId} does not hold`);
    endorsedBy.add(mspId);
  }
  const missing = trust.allOf.filter((m) => !endorsedBy.has(m));
  if (missing.length > 0) throw refused(`not endorsed by ${missing.join(', ')}`);
  if (tx.status !== 200n) throw refused(`the source chaincode answered ${tx.status}`);
  return {
    txId: tx.txId,
    timestampMs: tx.timestampMs,
    fn: tx.args[0] ?? '',
    args: tx.args.slice(1),
    response: tx.response,
    endorsedBy: [...endorsedBy],
  };
}

function refused(why: string): ChaincodeError {
  return new ChaincodeError('SOURCE_PROOF_INVALID', `source proof refused: ${why}`);
}

/** Field numbers from fabric-protos: common.proto, peer/transaction.proto, peer/proposal*.proto. */
function decodeQuery(envelope: Uint8Array) {
  const payload = Proto.decode(envelope).message(1);
  const header = payload.message(1);
  const channelHeaderBytes = header.bytes(1);
  const channelHeader = Proto.decode(channelHeaderBytes);
  const timestamp = channelHeader.message(3);
  const actions = payload.message(2).repeated(1);
  if (actions.length !== 1) throw new Error('expected one action');
  const action = Proto.decode(actions[0]!);
  const actionPayload = action.message(2);
  const proposalPayloadBytes = actionPayload.bytes(1);
  const spec = Proto.decode(proposalPayloadBytes).message(1).message(1);
  const endorsed = actionPayload.message(2);
  const proposalResponsePayload = endorsed.bytes(1);
  const responsePayload = Proto.decode(proposalResponsePayload);
  const chaincodeAction = responsePayload.message(2);
  const response = chaincodeAction.message(3);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const fn = (arg: string) => arg.slice(arg.lastIndexOf(':') + 1);
  const args = spec
    .message(3)
    .repeated(1)
    .map((a) => utf8.decode(a));
  return {
    tx: {
      type: channelHeader.number(1),
      channel: channelHeader.string(4),
      txId: channelHeader.string(5),
      timestampMs: Number(timestamp.number(1)) * 1000 + Math.floor(Number(timestamp.number(2)) / 1e6),
      proposalHashInput: [channelHeaderBytes, action.bytes(1), proposalPayloadBytes],
      chaincode: spec.message(2).string(2),
      args: args.length > 0 ? [fn(args[0]!), ...args.slice(1)] : [],
      proposalResponsePayload,
      proposalHash: responsePayload.bytes(1),
      endorsements: endorsed.repeated(2).map((e) => {
        const m = Proto.decode(e);
        return { endorser: m.bytes(1), signature: m.bytes(2) };
      }),
      status: response.number(1),
      response: utf8.decode(response.bytes(3)),
      resultChaincode: chaincodeAction.message(4).string(2),
    },
  };
}
