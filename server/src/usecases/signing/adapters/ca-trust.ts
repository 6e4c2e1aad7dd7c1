import { createHash } from 'node:crypto';
import {
  sealTrustFromX509,
  timeStampTrustFromX509,
  type Certificate,
  type CertificateAuthority,
  type CertificateTrustResult,
  type Crl,
  type SealTrust,
} from '@eseal/core';
import { cachedCertificateParser } from './certificate-parse-cache';

interface TrustGeneration {
  trust: SealTrust;
  crl: Crl;
  revokedSerials: ReadonlySet<bigint>;
  /** Verdicts known to hold for any instant in [from, to] under this CRL. */
  verdicts: Map<string, { from: number; to: number; result: CertificateTrustResult }>;
}

/**
 * Verification trust from our own CA: its root as the anchor, its issuing CA as intermediate, and its
 * CRL, re-read at most every `crlMaxAgeMs` so a revocation shows up quickly without re-signing a CRL
 * for every verified document.
 *
 * Chain checks cost several SM2 verifications and every document of a seal repeats the same ones, so
 * a "trusted" verdict is reused for another signing time when nothing that depends on time can differ:
 * the same certificate and role, the same CRL, the certificate not on it, and the time inside every
 * validity window of the path. Anything else (revoked, untrusted, outside the windows) is recomputed.
 */
export function trustFromCertificateAuthority(
  ca: CertificateAuthority,
  options: {
    crlMaxAgeMs?: number;
    clock?: () => number;
    /** Who may sign time-stamp tokens when not this CA (TSA_CA_FILE; root last). */
    timeStampCa?: readonly Certificate[];
  } = {},
): SealTrust {
  const chain = ca.chain();
  const root = chain[chain.length - 1]!;
  const intermediates = chain.slice(0, -1);
  const chainFrom = Math.max(...chain.map((c) => c.notBefore.getTime()));
  const chainTo = Math.min(...chain.map((c) => c.notAfter.getTime()));
  const maxAge = options.crlMaxAgeMs ?? 60_000;
  const now = options.clock ?? Date.now;
  const base = sealTrustFromX509({ trustAnchors: [root], intermediates });

  let cached: { at: number; generation: Promise<TrustGeneration> } | undefined;
  const current = (): Promise<TrustGeneration> => {
    if (cached === undefined || now() - cached.at > maxAge) {
      const generation = ca.currentCrl().then((crl) => ({
        trust: sealTrustFromX509({ trustAnchors: [root], intermediates, crls: [crl] }),
        crl,
        revokedSerials: new Set(crl.entries.map((e) => e.serialNumber)),
        verdicts: new Map(),
      }));
      cached = { at: now(), generation };
      generation.catch(() => (cached = undefined));
    }
    return cached.generation;
  };

  const parseCertificate = cachedCertificateParser(base.parseCertificate);
  return {
    parseCertificate,
    // Time-stamp tokens: the TSA certificate must chain to the same CA, judged with the same CRL, or to TSA_CA_FILE's.
    async verifyTimeStampToken(token) {
      const tsaCa = options.timeStampCa ?? [];
      if (tsaCa.length > 0) return timeStampTrustFromX509({ trustAnchors: tsaCa.slice(-1), intermediates: tsaCa.slice(0, -1) })(token);
      const generation = await current();
      return timeStampTrustFromX509({ trustAnchors: [root], intermediates, crls: [generation.crl] })(token);
    },
    async checkCertificate(der, at, role) {
      const generation = await current();
      const t = at.getTime();
      // Before the CRL's thisUpdate the revocation answer differs in kind: keep those apart.
      const key = `${createHash('sm3').update(der).digest('hex')}:${role}:${t >= generation.crl.thisUpdate.getTime()}`;
      const known = generation.verdicts.get(key);
      if (known && t >= known.from && t <= known.to) return known.result;
      const result = await generation.trust.checkCertificate(der, at, role);
      if (result.status === 'trusted') {
        const view = parseCertificate(der);
        if (!generation.revokedSerials.has(BigInt(`0x${view.serialHex}`))) {
          generation.verdicts.set(key, {
            from: Math.max(chainFrom, view.notBefore.getTime()),
            to: Math.min(chainTo, view.notAfter.getTime()),
            result,
          });
        }
      }
      return result;
    },
  };
}
