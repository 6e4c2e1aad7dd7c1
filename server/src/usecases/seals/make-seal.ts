import { SealError, Sm2PrivateKey } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertTransition, type DocumentRef } from '../../domain';
import { newId, type SealDoc } from '../../store';
import { loadUnit } from '../units/register-unit';
import { afterCommit } from './after-commit';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';
import { loadApplication } from './review-application';
import { revokeSealRecord } from './revoke-seal';
import { buildSeSeal, issueSealCertificate, produceImprint, validityFrom } from './seal-material';
import { assertPinShape } from './key-vault';
import { loadSeal } from './seal-record';
import { sealView, type SealView } from './seal-view';

export interface MakeSealInput {
  applicationId: string;
  /** The custodian's (or holder's) one-time initial PIN; the key is wrapped under it and the server KEK. */
  initialPin: string;
  /** Seal validity = certificate validity; the maker's default when omitted. */
  validityDays?: number;
}

/**
 * Makes the seal of an APPROVED application: SM2 key (stored wrapped), imprint, certificate from the
 * CA, maker-signed SESeal; then MADE with the ledger issuance and the MADE filing owed in the same
 * update. The expensive steps run only after the status check, so an unapproved application costs nothing.
 */
export async function makeSealFromApplication(deps: LifecycleDeps, caller: Caller, input: MakeSealInput): Promise<SealView> {
  const application = await loadApplication(deps, input.applicationId);
  assertAllowed(caller, 'seal.make', { unitId: application.unitId });
  assertPinShape(input.initialPin, 'initialPin');
  let seal = await loadSeal(deps.store, application.sealId);
  assertTransition(seal.status, 'MADE', seal._id);
  const unit = await loadUnit(deps, seal.unitId);

  if (application.replacingSealId !== undefined) {
    await retireReplacedSeal(deps, caller, application.replacingSealId, seal._id, application.materials);
    seal = await loadSeal(deps.store, seal._id);
  }

  // The seal code becomes the esID and the ledger key: it must be this seal's alone (applications
  // submitted before codes were claimed claim it now).
  if (!(await deps.store.sealCodes.claim(seal.sealCode, seal._id))) {
    throw new SealError('SEAL_CODE_TAKEN', 'another seal already has this seal code', { details: { sealId: seal._id, field: 'sealCode' } });
  }
  seal = { ...seal, esId: seal.sealCode };

  // The imprint first: an engraving system that does not know the seal code stops everything here.
  const imprint = await produceImprint(deps, seal);
  const now = deps.clock();
  const key = Sm2PrivateKey.generate();
  const keyId = newId('key');
  const wrapped = await deps.keyVault.wrap(key, input.initialPin, keyId);
  await deps.store.sealKeys.store({
    _id: keyId,
    sealId: seal._id,
    wrapped: Buffer.from(wrapped),
    publicKeyHex: Buffer.from(key.publicKey.point).toString('hex'),
    initialPin: true,
  });
  const { certificate, facts } = await issueSealCertificate(
    deps,
    seal,
    unit,
    key.publicKey,
    validityFrom(now, input.validityDays ?? deps.settings.sealValidityDays),
  );
  const seseal = await buildSeSeal(deps, seal, certificate, imprint, now);
  await deps.store.sealArtifacts.save({ sealId: seal._id, seseal: seseal.der, imprintPng: imprint.png, createdAt: now });
  const custodianId = application.custodianPersonId ?? application.holderPersonId;

  const committed = await commitTransition(
    deps,
    seal,
    {
      type: 'MAKE',
      keyId,
      certificate: { serial: facts.serial, notBefore: facts.notBefore, notAfter: facts.notAfter },
      imprintSm3: imprint.sm3,
      sesealSm3: seseal.sm3,
    },
    caller,
    {
      now,
      set: {
        certificate: facts,
        esId: seal.sealCode,
        imprintWidthMm: imprint.widthMm,
        imprintHeightMm: imprint.heightMm,
        imprintSource: imprint.source,
        ...(custodianId ? { custodianId } : {}),
      },
      ledger: {
        type: 'ISSUE',
        input: {
          sealId: seal.sealCode,
          unitId: unit.uscc,
          kind: seal.kind,
          imprintSm3: imprint.sm3,
          certSerial: facts.serial,
          certSm3: facts.sm3,
          sesealSm3: seseal.sm3,
          validFrom: facts.notBefore,
          validTo: facts.notAfter,
        },
      },
      filing: 'MADE',
      auditDetails: { imprintSource: imprint.source, certSm3: facts.sm3 },
    },
  );
  if (custodianId) {
    await deps.store.custodians.open({ _id: newId('custody'), sealId: seal._id, unitId: seal.unitId, personId: custodianId, from: now });
  }
  return sealView(deps.store, await afterCommit(deps, committed, now));
}

/**
 * A name change re-issues the seal: the old one is revoked (physical seal handed in) before the new
 * one goes on the ledger, because the ledger, like the rules, allows one live legal-name seal per unit.
 */
async function retireReplacedSeal(
  deps: LifecycleDeps,
  caller: Caller,
  oldSealId: string,
  newSealId: string,
  materials: DocumentRef<string>[],
): Promise<void> {
  const old: SealDoc = await loadSeal(deps.store, oldSealId);
  if (old.status !== 'REVOKED') {
    await revokeSealRecord(deps, caller, old, { reason: 'PHYSICAL_SEAL_RETIRED', materials });
  }
  await deps.store.seals.markReplaced(oldSealId, newSealId);
}
