import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connectFabricLedger, createContractLedgerClient, type FabricLedgerSettings, type LedgerClient } from '../../server/src/ledger';

/** What `npm run fabric:up` wrote to network/.run/network.json. */
export interface LocalFabricNetwork {
  fabricVersion: string;
  fabricCommit: string;
  channel: string;
  chaincode: string;
  endorsementPolicy: string;
  peers: Record<OrgKey, { mspId: string; endpoint: string; tlsCaCertPath: string }>;
  /** The court's own evidence channel (court peer only) and its CA certificate. */
  courtChain: { channel: string; chaincode: string; peer: { mspId: string; endpoint: string; tlsCaCertPath: string }; caCertPath: string };
  identities: Record<IdentityKey, { mspId: string; certPath: string; keyPath: string }>;
}

export type OrgKey = 'ps' | 'maker' | 'court';
/** makerIssuer: seal.issuer + evidence.anchor; makerClerk: no role; psRevoker: seal.revoker; courtReader: no role. */
export type IdentityKey = 'makerIssuer' | 'makerClerk' | 'psRevoker' | 'courtReader';

export const REPO_DIR = resolve(__dirname, '../..');

export function runDir(): string {
  return process.env.ESEAL_FABRIC_RUN_DIR ?? join(REPO_DIR, 'network', '.run');
}

export function networkFile(): string {
  return join(runDir(), 'network.json');
}

/** The running network's description, or undefined when fabric:up has not completed. */
export function readNetwork(): LocalFabricNetwork | undefined {
  const file = networkFile();
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as LocalFabricNetwork;
}

/** Every process fabric:up recorded is alive (pid files in network/.run/pids). */
export function networkRunning(): boolean {
  const pidsDir = join(runDir(), 'pids');
  if (readNetwork() === undefined || !existsSync(pidsDir)) return false;
  const files = readdirSync(pidsDir).filter((f) => f.endsWith('.pid'));
  if (!files.includes('orderer.pid')) return false;
  return files.every((f) => {
    try {
      // "<pid> <start time>": the pid is the first field.
      process.kill(Number(readFileSync(join(pidsDir, f), 'utf8').trim().split(/\s+/)[0]), 0);
      return true;
    } catch {
      return false;
    }
  });
}

export function requireNetwork(): LocalFabricNetwork {
  const network = readNetwork();
  if (network === undefined) throw new Error('the local Fabric network is not up: npm run fabric:up');
  return network;
}

/** Settings for the server's Fabric transport: `as` signs, through its own organisation's gateway peer. */
export function ledgerSettings(network: LocalFabricNetwork, as: IdentityKey): FabricLedgerSettings {
  const identity = network.identities[as];
  const org = (Object.keys(network.peers) as OrgKey[]).find((k) => network.peers[k].mspId === identity.mspId)!;
  const peer = network.peers[org];
  return {
    peerEndpoint: peer.endpoint,
    tlsCaCertPath: peer.tlsCaCertPath,
    mspId: identity.mspId,
    certPath: identity.certPath,
    keyPath: identity.keyPath,
    channel: network.channel,
    chaincode: network.chaincode,
  };
}

/** The same LedgerClient the server builds for LEDGER=fabric. */
export function fabricLedgerClient(network: LocalFabricNetwork, as: IdentityKey): LedgerClient {
  return createContractLedgerClient(connectFabricLedger(ledgerSettings(network, as)));
}

/** The LEDGER=fabric variables fabric:up wrote to network/.run/fabric.env (the server's start-up input). */
export function fabricEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(runDir(), 'fabric.env'), 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]!] = match[2]!;
  }
  return env;
}

/**
 * The COURT_CHAINS entry a deployment would configure for the court's own channel, under the id
 * trust.json's courtFabric names (network/scripts/write-trust.js).
 */
export function courtChainEntry(n: LocalFabricNetwork) {
  const identity = n.identities.makerIssuer;
  return {
    id: 'court-fabric',
    type: 'fabric',
    identity: { mspId: identity.mspId, certPath: identity.certPath, keyPath: identity.keyPath },
    court: {
      peerEndpoint: n.courtChain.peer.endpoint,
      tlsCaCertPath: n.courtChain.peer.tlsCaCertPath,
      channel: n.courtChain.channel,
      chaincode: n.courtChain.chaincode,
      mspId: n.courtChain.peer.mspId,
      caCertPath: n.courtChain.caCertPath,
    },
    source: {
      peerEndpoint: n.peers.maker.endpoint,
      tlsCaCertPath: n.peers.maker.tlsCaCertPath,
      channel: n.channel,
      chaincode: n.chaincode,
    },
  };
}
