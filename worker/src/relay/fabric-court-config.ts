import { existsSync, readFileSync } from 'node:fs';
import { SealError, parseFabricTrust } from '@eseal/core';
import type { FabricEndpoint, FabricIdentityFiles } from './court-chain/fabric-connection';
import { FabricCourtChain } from './court-chain/fabric-court-chain';
import type { DigestAlgorithm } from './court-chain/protocol';
import { lazyFabricChannel, type LazyFabricChannel } from './court-chain/lazy-channel';
import { EndorsedQueryProver, type SourceProver } from './court-chain/source-prover';

/**
 * A `COURT_CHAINS` entry of type "fabric": a court's own channel and evidence chaincode, written to as our
 * relay identity, with the source proof read from our channel:
 * `{ "id": "court-fabric", "type": "fabric",
 *    "identity": { "mspId": "MakerMSP", "certPath": "...", "keyPath": "..." },
 *    "court":  { "peerEndpoint": "host:port", "tlsCaCertPath": "...", "channel": "court", "chaincode": "court-evidence",
 *                "mspId": "CourtMSP", "caCertPath": "..." },
 *    "source": { "peerEndpoint": "host:port", "tlsCaCertPath": "...", "channel": "eseal", "chaincode": "eseal" } }`
 * (plus the common digestAlgorithm, concurrency, ratePerSecond, timeoutMs).
 */
export interface FabricCourtChainSettings {
  readonly identity: FabricIdentityFiles;
  readonly court: FabricEndpoint & { readonly mspId: string; readonly caCertPath: string };
  readonly source: FabricEndpoint;
}

type Problem = (what: string) => SealError;

export function parseFabricCourtChain(entry: Record<string, unknown>, invalid: Problem): FabricCourtChainSettings {
  const object = (v: unknown, what: string) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(`${what} must be an object`);
    return v as Record<string, unknown>;
  };
  const text = (o: Record<string, unknown>, key: string, what: string) => {
    if (typeof o[key] !== 'string' || (o[key] as string).length === 0 || (o[key] as string).length > 4096)
      throw invalid(`${what}.${key} must be a string`);
    return o[key] as string;
  };
  const file = (o: Record<string, unknown>, key: string, what: string) => {
    const path = text(o, key, what);
    if (!existsSync(path)) throw invalid(`${what}.${key}: no file ${path}`);
    return path;
  };
  const endpoint = (v: unknown, what: string, contract: string): FabricEndpoint => {
    const o = object(v, what);
    return {
      peerEndpoint: text(o, 'peerEndpoint', what),
      tlsCaCertPath: file(o, 'tlsCaCertPath', what),
      channel: text(o, 'channel', what),
      chaincode: text(o, 'chaincode', what),
      contract,
    };
  };
  const identity = object(entry.identity, 'identity');
  const court = object(entry.court, 'court');
  return {
    identity: {
      mspId: text(identity, 'mspId', 'identity'),
      certPath: file(identity, 'certPath', 'identity'),
      keyPath: file(identity, 'keyPath', 'identity'),
    },
    court: {
      ...endpoint(court, 'court', 'CourtEvidence'),
      mspId: text(court, 'mspId', 'court'),
      caCertPath: file(court, 'caCertPath', 'court'),
    },
    source: endpoint(entry.source, 'source', 'SealRegistry'),
  };
}

/** `prover` replaces the endorsed-query prover over our channel (tests use it to send forged proofs). */
export function buildFabricCourtChain(
  config: { id: string; digestAlgorithm: DigestAlgorithm; timeoutMs: number },
  settings: FabricCourtChainSettings,
  prover: (source: LazyFabricChannel) => SourceProver = (source) => new EndorsedQueryProver(source),
): FabricCourtChain {
  const court = lazyFabricChannel(settings.court, settings.identity, config.timeoutMs);
  const source = lazyFabricChannel(settings.source, settings.identity, config.timeoutMs);
  const courtTrust = parseFabricTrust({
    chaincode: settings.court.chaincode,
    organisations: [{ mspId: settings.court.mspId, caCertificates: [readFileSync(settings.court.caCertPath, 'utf8')] }],
    endorsement: { allOf: [settings.court.mspId] },
    orderers: [settings.court.mspId],
  });
  return new FabricCourtChain({
    id: config.id,
    digestAlgorithm: config.digestAlgorithm,
    court,
    prover: prover(source),
    courtTrust,
    close: () => source.close(),
  });
}
