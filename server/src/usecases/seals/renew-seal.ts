import { SealError, Sm2PublicKey } from '@eseal/core';
import { assertAllowed, type Caller } from '../../access';
import { assertRenewalWindowOpen, assertTransition } from '../../domain';
import { loadUnit } from '../units/register-unit';
import { afterCommit } from './after-commit';
import { commitTransition } from './commit-transition';
import type { LifecycleDeps } from './lifecycle-deps';
import { buildSeSeal, issueSealCertificate, validityFrom } from './seal-material';
import { loadSeal } from './seal-record';
import { sealView, type SealView } from './seal-view';
import { esIdOf } from './seal-identity';

/**
 * 第十三条/第二十条: in the 30 days before the certificate expires, a new certificate for the same
 * key and a new SESeal with the SAME imprint; the seal's validity becomes the new certificate's,
 * which runs on from the old expiry. The window is checked before the CA is asked for anything.
 */
export async function renewSeal(
  deps: LifecycleDeps,
  caller: Caller,
  sealId: string,
  input: { validityDays?: number } = {},
): Promise<SealView> {
  const seal = await loadSeal(deps.store, sealId);
  assertAllowed(caller, 'seal.renew', { unitId: seal.unitId });
  assertTransition(seal.status, 'ACTIVE', seal._id);
  if (seal.status !== 'ACTIVE' || !seal.certificate || !seal.keyId || !seal.imprintSm3) {
    throw new SealError('INVALID_TRANSITION', 'only an ACTIVE, made seal can be renewed', {
      details: { sealId, from: seal.status, to: 'ACTIVE' },
    });
  }
  const now = deps.clock();
  assertRenewalWindowOpen(new Date(seal.certificate.notAfter), now);
  const key = await deps.store.sealKeys.byId(seal.keyId);
  if (!key) throw new SealError('INTERNAL', 'the seal key record is missing', { details: { sealId } });
  const sealData = await deps.store.sealArtifacts.dataOf(seal);
  if (!sealData) throw new SealError('INTERNAL', 'the seal data is missing', { details: { sealId } });
  const unit = await loadUnit(deps, seal.unitId);

  const days = input.validityDays ?? deps.settings.sealValidityDays;
  const previousEnd = new Date(seal.certificate.notAfter);
  const validity = { notBefore: validityFrom(now, days).notBefore, notAfter: validityFrom(previousEnd, days).notAfter };
  const publicKey = Sm2PublicKey.fromPoint(Buffer.from(key.publicKeyHex, 'hex'));
  const { certificate, facts } = await issueSealCertificate(deps, seal, unit, publicKey, validity);
  const imprint = { png: sealData.imprintPng, widthMm: seal.imprintWidthMm ?? 40, heightMm: seal.imprintHeightMm ?? 40 };
  const seseal = await buildSeSeal(deps, seal, certificate, imprint, now);
  await deps.store.sealArtifacts.save({ sealId, seseal: seseal.der, imprintPng: imprint.png, createdAt: now });

  const committed = await commitTransition(
    deps,
    seal,
    {
      type: 'RENEW',
      certificate: { serial: facts.serial, notBefore: facts.notBefore, notAfter: facts.notAfter },
      imprintSm3: seal.imprintSm3,
      sesealSm3: seseal.sm3,
    },
    caller,
    {
      now,
      set: { certificate: facts },
      ledger: {
        type: 'RENEW',
        input: {
          sealId: esIdOf(seal),
          certSerial: facts.serial,
          certSm3: facts.sm3,
          sesealSm3: seseal.sm3,
          validFrom: facts.notBefore,
          validTo: facts.notAfter,
          imprintSm3: seal.imprintSm3,
        },
      },
      filing: 'RENEWED',
    },
  );
  return sealView(deps.store, await afterCommit(deps, committed, now));
}
