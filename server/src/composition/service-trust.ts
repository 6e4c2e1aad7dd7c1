import type { BundleTrust, Certificate, FabricTrust } from '@eseal/core';
import { parseCourtChains } from '@eseal/worker';

/**
 * What this service trusts when it checks a proof bundle itself (public verification, the summary
 * printed on evidence certificates): its CA chain and the time-stamp authority's CA, the receipt keys of
 * the court chains it relays to (COURT_CHAINS), and on Fabric the network's organisations. One place,
 * so the public answer and the certificate's cannot disagree. A court chain reached on a court's own
 * Fabric channel is reported "not checked" here: its orderers and organisation CAs are the court's to
 * publish (a court's own trust.json names them, docs/proof-bundle-v2.md).
 */
export function serviceBundleTrust(input: {
  caChain: () => Certificate[];
  timeStampCas: readonly Certificate[];
  courtChainsJson: string | undefined;
  fabricTrust?: FabricTrust;
}): () => BundleTrust {
  const courtKeys = parseCourtChains(input.courtChainsJson).flatMap((chain) =>
    chain.type === 'http' ? [{ chain: chain.id, publicKey: chain.publicKey }] : [],
  );
  return () => ({
    caCertificates: [...input.caChain(), ...input.timeStampCas],
    ledgerNodes: [],
    courtKeys,
    ...(input.fabricTrust ? { fabric: input.fabricTrust } : {}),
  });
}
