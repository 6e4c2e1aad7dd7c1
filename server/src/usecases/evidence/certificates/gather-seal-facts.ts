import { SealError, decodeSeal, verifyProofBundleV2, type ProofBundleV2 } from '@eseal/core';
import { buildProofBundle } from '../build-proof-bundle';
import type { SealCertificateFacts, SealEventFacts } from './certificate-facts';
import { certificateVerifyUrl, type CertificateDeps } from './certificate-deps';
import { sealNameOf } from './gather-document-facts';
import { asShipped, NO_BUNDLE, placeOf, receiptsOf, summariseCheck } from './ledger-places';

/**
 * A seal's life as the ledger records it (issued, changed, renewed, revoked, each with its transaction
 * and block), with the court-chain receipts of its events and the offline check of its attested history.
 */
export async function gatherSealFacts(
  deps: CertificateDeps,
  input: { certificateNumber: string; sealId: string; issuedAt: Date },
): Promise<{ facts: SealCertificateFacts; bundle?: ProofBundleV2 }> {
  const seal = await deps.store.seals.byId(input.sealId);
  if (seal === null) throw new SealError('NOT_FOUND', 'no such seal', { details: { sealId: input.sealId } });
  const unit = await deps.store.units.byId(seal.unitId);
  // The ledger knows the seal by its seal data's esID.
  const data = await deps.store.sealArtifacts.dataOf(seal);
  if (data === undefined)
    throw new SealError('NOT_FOUND', 'the seal was never made: it has no seal data', { details: { sealId: seal._id } });
  const ledgerId = decodeSeal(data.seseal).sealInfo.esID;
  const record = await deps.ledger.getSeal(ledgerId);
  const bundle = deps.attestor ? await buildProofBundle(deps.attestor, { kind: 'seal', sealId: ledgerId }, []) : undefined;
  const attested = bundle?.seals[0]?.history ?? [];
  const history: SealEventFacts[] = record.timeline.map((entry, i) => ({
    event: entry.event,
    at: entry.at,
    status: entry.status,
    place: attested[i] ? placeOf(attested[i]) : { txId: entry.txId },
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.compromisedAt ? { compromisedAt: entry.compromisedAt } : {}),
  }));
  const relays = await deps.relaysOf({ sealId: ledgerId });
  const verification = bundle ? summariseCheck(verifyProofBundleV2(asShipped(bundle), deps.bundleTrust())) : NO_BUNDLE;
  return {
    facts: {
      kind: 'seal',
      certificateNumber: input.certificateNumber,
      issuedAt: input.issuedAt,
      verifyUrl: certificateVerifyUrl(deps.publicBaseUrl, input.certificateNumber),
      issuer: { name: deps.serviceSeal.unitName, sealCode: deps.serviceSeal.sealCode },
      verification,
      ledgerKind: bundle?.ledger.kind ?? 'fabric',
      sealName: sealNameOf(seal),
      sealCode: seal.sealCode,
      unitName: unit?.name ?? '（单位记录缺失）',
      status: record.status,
      validFrom: record.validFrom,
      validTo: record.validTo,
      history,
      courtChains: receiptsOf(relays),
    },
    ...(bundle ? { bundle } : {}),
  };
}
