import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { type Contract, type Gateway, type Network, connect, hash, signers } from '@hyperledger/fabric-gateway';

/** A channel and chaincode reached through one gateway peer, as the relay service's identity. */
export interface FabricEndpoint {
  /** Gateway peer, host:port. */
  readonly peerEndpoint: string;
  /** PEM file of the CA that signed the peer's TLS certificate. */
  readonly tlsCaCertPath: string;
  readonly channel: string;
  readonly chaincode: string;
  /** Contract name inside the chaincode. */
  readonly contract: string;
}

export interface FabricIdentityFiles {
  readonly mspId: string;
  readonly certPath: string;
  readonly keyPath: string;
}

export interface FabricChannelConnection {
  readonly network: Network;
  readonly contract: Contract;
  close(): void;
}

/** gRPC connects lazily: an unreachable peer shows on the first call, as a retryable failure. */
export function connectFabricChannel(endpoint: FabricEndpoint, identity: FabricIdentityFiles, timeoutMs: number): FabricChannelConnection {
  const client = new grpc.Client(endpoint.peerEndpoint, grpc.credentials.createSsl(readFileSync(endpoint.tlsCaCertPath)));
  const deadline = () => ({ deadline: Date.now() + timeoutMs });
  const gateway: Gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: readFileSync(identity.certPath) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.keyPath))),
    hash: hash.sha256,
    evaluateOptions: deadline,
    endorseOptions: deadline,
    submitOptions: deadline,
    commitStatusOptions: () => ({ deadline: Date.now() + 4 * timeoutMs }),
  });
  const network = gateway.getNetwork(endpoint.channel);
  return {
    network,
    contract: network.getContract(endpoint.chaincode, endpoint.contract),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
