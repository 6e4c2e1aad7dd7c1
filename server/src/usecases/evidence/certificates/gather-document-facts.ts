import { parseTimeStampToken, verifyProofBundleV2, type ProofBundleV2 } from '@eseal/core';
import type { SealDoc } from '../../../store';
import { readAnchorStatus, type SigningRecordDoc } from '../../../store/signing';
import { bundleOfChain, signingChainOf } from '../document-bundle';
import type { DocumentCertificateFacts, SignatureFacts } from './certificate-facts';
import { certificateVerifyUrl, type CertificateDeps } from './certificate-deps';
import { asShipped, NO_BUNDLE, placeOf, receiptsOf, summariseCheck } from './ledger-places';

/**
 * Everything a document's certificate states: the signing chain that produced the file, each signature's
 * seal, unit, signer and ledger anchor, the court-chain receipts, and the offline check of the proof
 * bundle. A signature not anchored yet fails this (NOT_FOUND): the job retries until it is.
 */
export async function gatherDocumentFacts(
  deps: CertificateDeps,
  input: { certificateNumber: string; documentSm3: string; documentName?: string; issuedAt: Date },
): Promise<{ facts: DocumentCertificateFacts; bundle?: ProofBundleV2 }> {
  const chain = await signingChainOf(deps, input.documentSm3);
  const relaysOfBatch = (batchId: string) => deps.relaysOf({ batchId });
  const bundle = deps.attestor
    ? await bundleOfChain(deps.attestor, { signing: deps.signing, relaysOfBatch }, input.documentSm3, chain)
    : undefined;
  const anchors = await readAnchorStatus(
    deps.signing,
    chain.map((r) => r._id),
  );
  const signatures: SignatureFacts[] = [];
  for (const [index, record] of chain.entries()) {
    const inBundle = bundle?.signatures[index];
    const anchor = anchors.get(record._id);
    const batchId = anchor?.state === 'ANCHORED' ? anchor.batchId : undefined;
    const relays = batchId ? await deps.relaysOf({ batchId }) : [];
    signatures.push({
      ...(await describeSeal(deps, record)),
      signer: await signerOf(deps, record),
      signedAt: new Date(record.signedAt),
      signatureSm3: record.signatureSm3,
      ...(batchId && anchor?.root && anchor.txId
        ? {
            anchor: {
              batchId,
              merkleRoot: anchor.root,
              ...(inBundle ? placeOf(inBundle.anchor) : { txId: anchor.txId }),
            },
          }
        : {}),
      courtChains: receiptsOf(relays),
      ...(inBundle?.timeStampToken
        ? { timeStampAt: parseTimeStampToken(Buffer.from(inBundle.timeStampToken, 'base64')).genTime.toISOString() }
        : {}),
    });
  }
  const verification = bundle ? summariseCheck(verifyProofBundleV2(asShipped(bundle), deps.bundleTrust())) : NO_BUNDLE;
  return {
    facts: {
      kind: 'document',
      certificateNumber: input.certificateNumber,
      issuedAt: input.issuedAt,
      verifyUrl: certificateVerifyUrl(deps.publicBaseUrl, input.certificateNumber),
      issuer: { name: deps.serviceSeal.unitName, sealCode: deps.serviceSeal.sealCode },
      verification,
      ledgerKind: bundle?.ledger.kind ?? 'fabric',
      ...(input.documentName ? { documentName: input.documentName } : {}),
      sm3Before: chain[0]!.documentSm3Before,
      sm3After: input.documentSm3,
      signatures,
    },
    ...(bundle ? { bundle } : {}),
  };
}

async function describeSeal(
  deps: CertificateDeps,
  record: SigningRecordDoc,
): Promise<Pick<SignatureFacts, 'sealName' | 'sealCode' | 'unitName'>> {
  const seal = await deps.store.seals.byId(record.sealId);
  const unit = await deps.store.units.byId(record.unitId);
  return {
    sealName: seal ? sealNameOf(seal) : '（印章记录缺失）',
    sealCode: seal?.sealCode ?? record.sealCode,
    unitName: unit?.name ?? '（单位记录缺失）',
  };
}

/** The name engraved on the seal, as the seal data spells it (名称 + 印章类别, a legal-name seal only the name). */
export function sealNameOf(seal: Pick<SealDoc, 'kind' | 'displayName' | 'sealName'>): string {
  return seal.kind === 'LEGAL_NAME' ? seal.displayName : `${seal.displayName}${seal.sealName}`;
}

/** The person who signed, by name; an API client's signature names the client kind only (its key id is internal). */
async function signerOf(deps: CertificateDeps, record: SigningRecordDoc): Promise<string> {
  if (record.signerPersonId) {
    const person = await deps.store.people.byId(record.signerPersonId);
    if (person) return person.identity.name;
  }
  return record.signerPersonId ? '（签署人记录缺失）' : '第三方系统（API 调用）';
}
