import { Sm2PublicKey } from '../../crypto/sm2-keys';
import { Certificate } from '../../x509/certificate';
import { fromPemAll } from '../../x509/pem';
import { type CourtFabricTrust, parseCourtFabricTrust } from './fabric/court-trust';
import { type FabricTrust, parseFabricTrust } from './fabric/org-trust';
import { array, malformed, objectWithKeys, text } from './strict-json';

/**
 * The only things an offline check trusts: CA certificates (the ledger node's and the time-stamp
 * authority's certificates may chain to one), ledger node certificates trusted directly, and court-chain
 * keys by court chain (SM2 points in hex, as in COURT_CHAINS) for receipts, and (version 2) the court
 * organisations whose own Fabric channels answer with endorsed transactions instead.
 */
export interface BundleTrust {
  caCertificates: Certificate[];
  ledgerNodes: Certificate[];
  courtKeys: Array<{ chain: string; publicKey: string }>;
  /** A Fabric network's organisations, endorsement policy and orderers (docs/proof-bundle-v2.md, "Fabric attestation"). */
  fabric?: FabricTrust;
  /** Court chains on a court organisation's Fabric channel, by chain id (docs/proof-bundle-v2.md, "Fabric court receipts"). */
  courtFabric?: CourtFabricTrust[];
}

/**
 * trust.json: `{ "format": "eseal.trust", "version": 2, "caCertificates": [PEM], "ledgerNodes": [PEM], "courtKeys": [],
 * "fabric"?: {...}, "courtFabric"?: [{ "chain", "channel", ...same as fabric }] }`. Version 1 is read too: it is
 * version 2 without `courtFabric`.
 */
export function parseBundleTrust(value: unknown): BundleTrust {
  const version = (value as { version?: unknown } | null)?.version;
  const optional = ['caCertificates', 'ledgerNodes', 'courtKeys', 'fabric', ...(version === 2 ? ['courtFabric'] : [])];
  const o = objectWithKeys(value, 'trust', ['format', 'version'], optional);
  if (o.format !== 'eseal.trust' || (o.version !== 1 && o.version !== 2))
    throw malformed('trust.format', 'expected "eseal.trust" version 1 or 2');
  const courtFabric = array(o.courtFabric ?? [], 'trust.courtFabric', 64, parseCourtFabricTrust);
  const chains = courtFabric.map((c) => c.chain);
  if (new Set(chains).size !== chains.length) throw malformed('trust.courtFabric', 'a court chain is named twice');
  const certificates = (v: unknown, field: string) => array(v ?? [], field, 64, (pem, f) => certificateFromPem(text(pem, f, 65536), f));
  return {
    ...(o.fabric !== undefined ? { fabric: parseFabricTrust(o.fabric) } : {}),
    caCertificates: certificates(o.caCertificates, 'trust.caCertificates'),
    ledgerNodes: certificates(o.ledgerNodes, 'trust.ledgerNodes'),
    courtKeys: array(o.courtKeys ?? [], 'trust.courtKeys', 64, (k, f) => {
      const x = objectWithKeys(k, f, ['chain', 'publicKey']);
      const publicKey = text(x.publicKey, `${f}.publicKey`, 4096);
      try {
        Sm2PublicKey.fromPoint(Buffer.from(publicKey, 'hex'));
      } catch {
        throw malformed(`${f}.publicKey`, 'expected an SM2 point (130 hex digits), as in COURT_CHAINS');
      }
      return { chain: text(x.chain, `${f}.chain`, 64), publicKey };
    }),
    courtFabric,
  };
}

function certificateFromPem(pem: string, field: string): Certificate {
  const blocks = fromPemAll(pem).filter((b) => b.label === 'CERTIFICATE');
  if (blocks.length !== 1) throw malformed(field, 'expected one PEM certificate');
  try {
    return Certificate.fromDer(blocks[0]!.der);
  } catch {
    throw malformed(field, 'unreadable certificate');
  }
}
