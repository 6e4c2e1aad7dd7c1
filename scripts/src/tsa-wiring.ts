/**
 * The local time-stamp authority's wiring for `npm start`, kept apart from start.ts: its certificate
 * from the development CA (the CA the server verifies with, so its tokens verify), and TSA_URL
 * pointed at it when no TSA is configured.
 */
import { verifyCertificateChain, type Certificate, type Sm2PublicKey } from '@eseal/core';
import { developmentCrlDistributionPoints, openDevelopmentCa } from '@eseal/server';
import type { TsaCertifier } from './local-services';

const DAY_MS = 86_400_000;
/** A TSA certificate is renewed once it has less than this left, so tokens are never made near its end. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
const VALIDITY_MS = 365 * DAY_MS;

const TSA_SUBJECT = { country: 'CN', organization: '电子印章服务（开发）', commonName: '电子印章开发时间戳服务' };

/** Certifies the local TSA with the development CA under `caDir` (the server's DATA_DIR/ca). */
export function developmentTsaCertifier(
  caDir: string,
  publicBaseUrl: string | undefined,
  clock: () => Date = () => new Date(),
): TsaCertifier {
  return async (publicKey, current) => {
    const { ca } = await openDevelopmentCa(caDir, { crlDistributionPoints: developmentCrlDistributionPoints(publicBaseUrl) });
    const chain = ca.chain();
    const now = clock();
    if (stillGood(current[0], publicKey, chain, now)) return undefined;
    const notAfter = new Date(Math.min(now.getTime() + VALIDITY_MS, chain[0]!.notAfter.getTime()));
    const leaf = await ca.issue({ subject: TSA_SUBJECT, publicKey, notBefore: new Date(now.getTime() - 60_000), notAfter, profile: 'tsa' });
    return [leaf, ...chain];
  };
}

function stillGood(leaf: Certificate | undefined, publicKey: Sm2PublicKey, chain: readonly Certificate[], now: Date): boolean {
  if (leaf === undefined || !leaf.sm2PublicKey().equals(publicKey)) return false;
  if (leaf.notAfter.getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  try {
    verifyCertificateChain(leaf, { trustAnchors: chain.slice(-1), intermediates: chain.slice(0, -1), at: now });
    return true;
  } catch {
    return false; // another CA (a data folder restored elsewhere), or not valid now: certify again
  }
}

/** Points TSA_URL at the local TSA. */
export function useLocalTsa(env: NodeJS.ProcessEnv, url: string): void {
  env.TSA_URL = url;
}
