import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The court's verification policy for the source network (Weaver's "verification policy" and "membership"):
 * the source organisations' CA certificates by MSP id, the organisations that must all have endorsed, the
 * source channel and chaincode. Read from the same trust.json a court uses for offline proof bundles
 * (its `fabric` section), named by COURT_SOURCE_TRUST_FILE, with COURT_SOURCE_CHANNEL (default eseal).
 */
export interface SourceTrust {
  channel: string;
  chaincode: string;
  organisations: Map<string, X509Certificate[]>;
  allOf: string[];
}

export function sourceTrustFromEnv(env: NodeJS.ProcessEnv): SourceTrust | undefined {
  const file = env.COURT_SOURCE_TRUST_FILE;
  if (file === undefined || file === '') return undefined;
  return parseSourceTrust(readFileSync(file, 'utf8'), env.COURT_SOURCE_CHANNEL || 'eseal');
}

export function parseSourceTrust(text: string, channel: string): SourceTrust {
  const fabric = (JSON.parse(text) as { fabric?: Record<string, unknown> }).fabric;
  if (typeof fabric !== 'object' || fabric === null) throw new Error('the court trust file has no fabric section');
  const organisations = new Map<string, X509Certificate[]>();
  for (const org of fabric.organisations as Array<{ mspId: string; caCertificates: string[] }>) {
    organisations.set(
      org.mspId,
      org.caCertificates.map((pem) => new X509Certificate(pem)),
    );
  }
  const allOf = (fabric.endorsement as { allOf: string[] }).allOf;
  if (!Array.isArray(allOf) || allOf.length === 0 || !allOf.every((m) => organisations.has(m)))
    throw new Error('the court trust file names no valid endorsement policy');
  if (typeof fabric.chaincode !== 'string') throw new Error('the court trust file names no chaincode');
  return { channel, chaincode: fabric.chaincode, organisations, allOf };
}
