import { SealError, Sm2PrivateKey, Sm2PublicKey } from '@eseal/core';
import { HttpCourtChain } from './court-chain/http-court-chain';
import { DIGEST_ALGORITHMS, type DigestAlgorithm } from './court-chain/protocol';
import type { CourtChainAdapter } from './court-chain/adapter';
import { buildFabricCourtChain, parseFabricCourtChain, type FabricCourtChainSettings } from './fabric-court-config';
import type { RelayLimits } from './relay-processor';

/**
 * One court chain from `COURT_CHAINS` (a JSON array):
 * `{ "id": "hz-court", "type": "http", "url": "https://...", "appId": "...", "publicKey": "04...",
 *    "digestAlgorithm": "SM3", "concurrency": 8, "ratePerSecond": 500, "timeoutMs": 10000 }`
 * or a court's Fabric channel, `"type": "fabric"` (fabric-court-config.ts).
 */
export type CourtChainConfig = HttpCourtChainConfig | FabricCourtChainConfig;

interface CourtChainCommon {
  readonly id: string;
  readonly digestAlgorithm: DigestAlgorithm;
  readonly limits: RelayLimits;
  readonly timeoutMs: number;
}

export interface HttpCourtChainConfig extends CourtChainCommon {
  readonly type: 'http';
  readonly url: string;
  readonly appId: string;
  /** The court's SM2 public key (uncompressed point, hex): receipts must verify against it. */
  readonly publicKey: string;
}

export interface FabricCourtChainConfig extends CourtChainCommon {
  readonly type: 'fabric';
  readonly fabric: FabricCourtChainSettings;
}

const ID = /^[A-Za-z0-9_.-]{1,64}$/;
/**
 * Relay jobs of one court chain at once per worker process. A job's writes are a few inserts (claims,
 * receipts, confirmations); on the embedded store (FerretDB on SQLite, one writer) many more jobs at
 * once only queue on the database lock and time out with SQLITE_BUSY.
 */
export const DEFAULT_RELAY_CONCURRENCY = 4;

function invalid(problem: string): SealError {
  return new SealError('CONFIG_INVALID', `COURT_CHAINS: ${problem}`, { details: { variable: 'COURT_CHAINS', problem } });
}

function int(value: unknown, name: string, min: number, max: number, fallback: number): number {
  const n = value === undefined ? fallback : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw invalid(`${name} must be an integer ${min}-${max}`);
  return n;
}

export function parseCourtChains(text: string | undefined): CourtChainConfig[] {
  if (text === undefined || text.trim() === '') return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (!Array.isArray(raw)) throw invalid('must be a JSON array');
  const seen = new Set<string>();
  return raw.map((entry: Record<string, unknown>, i) => {
    const at = `entry ${i}`;
    if (typeof entry !== 'object' || entry === null) throw invalid(`${at} must be an object`);
    if (typeof entry.id !== 'string' || !ID.test(entry.id) || seen.has(entry.id))
      throw invalid(`${at}: id must be unique, 1-64 of [A-Za-z0-9_.-]`);
    seen.add(entry.id);
    const digestAlgorithm = entry.digestAlgorithm ?? 'SM3';
    if (!(DIGEST_ALGORITHMS as readonly unknown[]).includes(digestAlgorithm)) throw invalid(`${at}: digestAlgorithm must be SM3 or SHA256`);
    const common = {
      id: entry.id,
      digestAlgorithm: digestAlgorithm as DigestAlgorithm,
      limits: {
        concurrency: int(entry.concurrency, `${at}: concurrency`, 1, 256, DEFAULT_RELAY_CONCURRENCY),
        ratePerSecond: int(entry.ratePerSecond, `${at}: ratePerSecond`, 1, 100_000, 2000),
      },
      timeoutMs: int(entry.timeoutMs, `${at}: timeoutMs`, 100, 120_000, 10_000),
    };
    if (entry.type === 'fabric') return { ...common, type: 'fabric', fabric: parseFabricCourtChain(entry, (p) => invalid(`${at}: ${p}`)) };
    if (entry.type !== 'http') throw invalid(`${at}: type must be "http" or "fabric"`);
    if (typeof entry.url !== 'string' || !/^https?:\/\//.test(entry.url)) throw invalid(`${at}: url must be http(s)`);
    if (typeof entry.appId !== 'string' || !ID.test(entry.appId)) throw invalid(`${at}: appId must be 1-64 of [A-Za-z0-9_.-]`);
    try {
      Sm2PublicKey.fromPoint(Buffer.from(String(entry.publicKey), 'hex'));
    } catch {
      throw invalid(`${at}: publicKey must be an SM2 point (130 hex digits)`);
    }
    return { ...common, type: 'http', url: entry.url, appId: entry.appId, publicKey: String(entry.publicKey) };
  });
}

/** The service's request-signing key from `RELAY_CLIENT_KEY` (32-byte hex). */
export function parseRelayClientKey(hex: string | undefined): Sm2PrivateKey {
  if (hex === undefined || !/^[0-9a-fA-F]{64}$/.test(hex.trim())) {
    throw new SealError('CONFIG_INVALID', 'RELAY_CLIENT_KEY must be 64 hex digits when court chains are configured', {
      details: { variable: 'RELAY_CLIENT_KEY' },
    });
  }
  return Sm2PrivateKey.fromBytes(Buffer.from(hex.trim(), 'hex'));
}

export function buildCourtChain(config: CourtChainConfig, clientKey: Sm2PrivateKey): CourtChainAdapter {
  if (config.type === 'fabric') return buildFabricCourtChain(config, config.fabric);
  return new HttpCourtChain({
    id: config.id,
    baseUrl: config.url,
    appId: config.appId,
    clientKey,
    courtPublicKey: Sm2PublicKey.fromPoint(Buffer.from(config.publicKey, 'hex')),
    digestAlgorithm: config.digestAlgorithm,
    timeoutMs: config.timeoutMs,
  });
}
