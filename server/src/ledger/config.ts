import { join } from 'node:path';
import { SealError } from '@eseal/core';
import type { AccessPolicy, CallerIdentity } from '@eseal/chaincode';
import type { FabricLedgerSettings } from './fabric/fabric-transport';

export interface EmbeddedLedgerSettings {
  /** Directory of the block file; one process at a time. */
  dataDir: string;
  /** Sync each block before acknowledging (default true). */
  durable?: boolean;
  /** Who the server acts as on the embedded ledger (default: the maker organisation with issuer and anchor roles). */
  identity?: CallerIdentity;
  /** The contract's access policy (default MakerMSP / PublicSecurityMSP, role attribute eseal.role). */
  accessPolicy?: AccessPolicy;
  /** Transaction clock (default Date.now); tests move it to exercise expiry. */
  clock?: () => number;
  /** Read a snapshot without the directory lock, beside a running server; writes fail (EmbeddedLedger.openReadOnly). */
  readOnly?: boolean;
}

export type LedgerConfig = ({ ledger: 'embedded' } & EmbeddedLedgerSettings) | ({ ledger: 'fabric' } & FabricLedgerSettings);

/** The identity the service uses by default: the seal-making institution's issuing and anchoring service. */
export const DEFAULT_EMBEDDED_IDENTITY: CallerIdentity = {
  mspId: 'MakerMSP',
  id: 'x509::CN=eseal-server::CN=embedded-ledger',
  attributes: { 'eseal.role': 'seal.issuer,evidence.anchor' },
};

/**
 * Reads the ledger settings from the environment once at start-up.
 *  LEDGER                embedded (default) | fabric
 *  LEDGER_DATA_DIR       embedded: block directory (default <dataDir>/ledger)
 *  LEDGER_DURABLE        embedded: false skips fsync per block (tests only)
 *  LEDGER_MSP_ID         embedded: MSP id the server acts as (default MakerMSP)
 *  LEDGER_ROLES          embedded: its eseal.role attribute (default seal.issuer,evidence.anchor)
 *  FABRIC_PEER_ENDPOINT  fabric: gateway peer host:port (required)
 *  FABRIC_PEER_HOST_ALIAS fabric: TLS server name override (optional)
 *  FABRIC_TLS_CA_CERT    fabric: PEM file of the peer's TLS CA (required)
 *  FABRIC_MSP_ID         fabric: client organisation (required)
 *  FABRIC_CERT / FABRIC_KEY fabric: client certificate and private key PEM files (required)
 *  FABRIC_CHANNEL        fabric: channel (default eseal)
 *  FABRIC_CHAINCODE      fabric: chaincode name (default eseal)
 *  FABRIC_TRUST_FILE     fabric: trust.json naming the organisations' CAs, the endorsement policy and the
 *                        orderers, for the public proof-bundle check (optional; fabric:up writes one)
 */
export function readLedgerConfig(env: Record<string, string | undefined>, defaults: { dataDir: string }): LedgerConfig {
  const kind = env.LEDGER ?? 'embedded';
  if (kind === 'embedded') {
    const durable = env.LEDGER_DURABLE;
    if (durable !== undefined && durable !== 'true' && durable !== 'false') invalid('LEDGER_DURABLE', 'true or false');
    return {
      ledger: 'embedded',
      dataDir: env.LEDGER_DATA_DIR || join(defaults.dataDir, 'ledger'),
      durable: durable !== 'false',
      identity: {
        ...DEFAULT_EMBEDDED_IDENTITY,
        mspId: env.LEDGER_MSP_ID || DEFAULT_EMBEDDED_IDENTITY.mspId,
        attributes: { 'eseal.role': env.LEDGER_ROLES ?? DEFAULT_EMBEDDED_IDENTITY.attributes!['eseal.role']! },
      },
    };
  }
  if (kind === 'fabric') {
    const need = (name: string) => env[name] || invalid(name, 'a value (required when LEDGER=fabric)');
    const endpoint = need('FABRIC_PEER_ENDPOINT');
    if (!/^[^\s:]+:\d{1,5}$/.test(endpoint)) invalid('FABRIC_PEER_ENDPOINT', 'host:port');
    return {
      ledger: 'fabric',
      peerEndpoint: endpoint,
      peerHostAlias: env.FABRIC_PEER_HOST_ALIAS || undefined,
      tlsCaCertPath: need('FABRIC_TLS_CA_CERT'),
      mspId: need('FABRIC_MSP_ID'),
      certPath: need('FABRIC_CERT'),
      keyPath: need('FABRIC_KEY'),
      channel: env.FABRIC_CHANNEL || 'eseal',
      chaincode: env.FABRIC_CHAINCODE || 'eseal',
      ...(env.FABRIC_TRUST_FILE ? { trustFile: env.FABRIC_TRUST_FILE } : {}),
    };
  }
  return invalid('LEDGER', 'embedded or fabric');
}

function invalid(variable: string, expected: string): never {
  throw new SealError('CONFIG_INVALID', `${variable}: expected ${expected}`, { details: { variable } });
}
