import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { type Checkpoint, type Contract, type Gateway, type Network, connect, hash, signers } from '@hyperledger/fabric-gateway';
import { SealError, parseBundleTrust, type FabricTrust } from '@eseal/core';
import type { LedgerTransport, RawLedgerEvent, SubmitOutcome } from '../ledger-transport';
import type { LedgerAttestor, LedgerEventCursor, LedgerSubscription } from '../types';
import { FabricAttestor } from './fabric-attestor';
import { commitFailure, mapFabricError } from './fabric-errors';

export interface FabricLedgerSettings {
  /** Gateway peer, host:port. */
  peerEndpoint: string;
  /** TLS server name when it differs from the endpoint's host (e.g. a peer reached through a tunnel). */
  peerHostAlias?: string;
  /** PEM file of the CA that signed the peer's TLS certificate. */
  tlsCaCertPath: string;
  /** The client identity's organisation, e.g. MakerMSP. */
  mspId: string;
  /** PEM X.509 certificate of the client identity (carries the eseal.role attribute when enrolled with one). */
  certPath: string;
  /** PEM private key of the client identity. */
  keyPath: string;
  channel: string;
  chaincode: string;
  /** Contract name inside the chaincode (default SealRegistry). */
  contractName?: string;
  /** trust.json whose `fabric` section describes this network to an offline verifier (docs/proof-bundle-v2.md). */
  trustFile?: string;
  /** Per-call deadlines in ms (defaults: evaluate 5 s, endorse 15 s, submit 5 s, commit status 60 s). */
  timeouts?: { evaluateMs?: number; endorseMs?: number; submitMs?: number; commitStatusMs?: number };
}

const HEALTH_PROBE_SEAL_ID = 'health-probe';

function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new SealError('CONFIG_INVALID', `cannot read the Fabric ${what} file ${path}`, { cause: error, details: { path } });
  }
}

function readFabricTrust(path: string): FabricTrust {
  const fabric = parseBundleTrust(JSON.parse(readPem(path, 'trust').toString('utf8'))).fabric;
  if (fabric === undefined) throw new SealError('CONFIG_INVALID', `FABRIC_TRUST_FILE ${path} has no fabric section`, { details: { path } });
  return fabric;
}

/** A cursor as a fabric-gateway checkpoint: same meaning (start block; resume after a transaction in it). */
function checkpointFrom(cursor: LedgerEventCursor): Checkpoint {
  return { getBlockNumber: () => BigInt(cursor.blockNumber), getTransactionId: () => cursor.transactionId };
}

/**
 * Connects to a Fabric Gateway peer. gRPC connects lazily, so an unreachable peer shows on the first call or
 * health(). The attestor builds proof-bundle attestations over the same connection.
 */
export function connectFabricLedger(settings: FabricLedgerSettings): LedgerTransport & { attestor: LedgerAttestor } {
  const tlsCa = readPem(settings.tlsCaCertPath, 'TLS CA certificate');
  const certificate = readPem(settings.certPath, 'client certificate');
  const privateKey = createPrivateKey(readPem(settings.keyPath, 'client private key'));
  const client = new grpc.Client(
    settings.peerEndpoint,
    grpc.credentials.createSsl(tlsCa),
    settings.peerHostAlias ? { 'grpc.ssl_target_name_override': settings.peerHostAlias } : {},
  );
  const t = { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000, ...settings.timeouts };
  const gateway: Gateway = connect({
    client,
    identity: { mspId: settings.mspId, credentials: certificate },
    signer: signers.newPrivateKeySigner(privateKey),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + t.evaluateMs }),
    endorseOptions: () => ({ deadline: Date.now() + t.endorseMs }),
    submitOptions: () => ({ deadline: Date.now() + t.submitMs }),
    commitStatusOptions: () => ({ deadline: Date.now() + t.commitStatusMs }),
  });
  const network: Network = gateway.getNetwork(settings.channel);
  const contract: Contract = network.getContract(settings.chaincode, settings.contractName ?? 'SealRegistry');
  const decoder = new TextDecoder();

  return {
    attestor: new FabricAttestor(network, contract, settings.channel, settings.trustFile ? readFabricTrust(settings.trustFile) : undefined),

    async evaluate(fn, args) {
      try {
        return decoder.decode(await contract.evaluateTransaction(fn, ...args));
      } catch (error) {
        throw mapFabricError(error);
      }
    },

    async submit(fn, args): Promise<SubmitOutcome> {
      const proposal = contract.newProposal(fn, { arguments: args });
      const transactionId = proposal.getTransactionId();
      try {
        const transaction = await proposal.endorse();
        const committing = await transaction.submit();
        const status = await committing.getStatus();
        if (!status.successful) {
          throw commitFailure(
            status.code,
            transactionId,
            `transaction ${transactionId} committed invalid (validation code ${status.code})`,
          );
        }
        return { payload: decoder.decode(transaction.getResult()), transactionId, blockNumber: Number(status.blockNumber) };
      } catch (error) {
        throw mapFabricError(error, transactionId);
      }
    },

    async subscribe(listener: (event: RawLedgerEvent) => void | Promise<void>, from): Promise<LedgerSubscription> {
      let events;
      try {
        events = await network.getChaincodeEvents(settings.chaincode, from === undefined ? {} : { checkpoint: checkpointFrom(from) });
      } catch (error) {
        throw mapFabricError(error);
      }
      let closed = false;
      const done = (async () => {
        try {
          for await (const e of events) {
            await listener({ name: e.eventName, payload: e.payload, blockNumber: Number(e.blockNumber), transactionId: e.transactionId });
          }
        } catch (error) {
          // Closing the stream cancels the gRPC call; that is the requested end, not a failure.
          if (!closed) throw mapFabricError(error);
        } finally {
          events.close();
        }
      })();
      return {
        close: () => {
          closed = true;
          events.close();
        },
        done,
      };
    },

    async health() {
      try {
        // A coded NOT_FOUND proves the peer, our channel membership and the chaincode all answer.
        // (Not GetMetadata: its serialiser breaks with the class-transformer release npm picks.)
        await contract.evaluateTransaction('GetSeal', HEALTH_PROBE_SEAL_ID);
      } catch (error) {
        const mapped = mapFabricError(error);
        if (mapped.code !== 'NOT_FOUND') throw mapped;
      }
    },

    async close() {
      gateway.close();
      client.close();
    },
  };
}
