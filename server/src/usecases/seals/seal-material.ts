import { type Certificate, makeSeal, renderImprint, type Sm2PublicKey, sm3Hex } from '@eseal/core';
import { SEAL_KINDS } from '../../domain';
import type { CertificateFactsDoc, SealDoc, UnitDoc } from '../../store';
import type { LifecycleDeps } from './lifecycle-deps';
import { esIdOf } from './seal-identity';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface Imprint {
  png: Uint8Array;
  widthMm: number;
  heightMm: number;
  sm3: string;
  source: 'ENGRAVING_SYSTEM' | 'RENDERED';
}

/**
 * The imprint must match the physical seal: fetched from the public-security engraving system when
 * one is configured, else drawn by the development renderer (demos, tests).
 */
export async function produceImprint(deps: LifecycleDeps, seal: Pick<SealDoc, 'kind' | 'displayName' | 'sealCode'>): Promise<Imprint> {
  if (deps.engraving) {
    const engraved = await deps.engraving.fetchImprint(seal.sealCode);
    return { png: engraved.png, widthMm: engraved.widthMm, heightMm: engraved.heightMm, sm3: engraved.sm3, source: 'ENGRAVING_SYSTEM' };
  }
  const info = SEAL_KINDS[seal.kind];
  const rendered =
    info.category === 'POSITION'
      ? renderImprint({ shape: 'RECTANGLE', personName: seal.displayName, suffix: '印' }, { dpi: 150 })
      : renderImprint(
          { shape: 'ROUND', unitName: seal.displayName, sealName: seal.kind === 'LEGAL_NAME' ? '' : info.nameZh, sealCode: seal.sealCode },
          { dpi: 150 },
        );
  return { png: rendered.png, widthMm: rendered.widthMm, heightMm: rendered.heightMm, sm3: rendered.sm3, source: 'RENDERED' };
}

/** Serial as the ledger wants it: lower-case hex of even length. */
export function serialHexOf(certificate: Certificate): string {
  const hex = certificate.serialHex;
  return hex.length % 2 === 0 ? hex : `0${hex}`;
}

export interface IssuedCertificate {
  certificate: Certificate;
  facts: CertificateFactsDoc;
}

/** Issues the seal certificate (profile 'seal') and keeps a copy; the seal's validity is exactly this validity. */
export async function issueSealCertificate(
  deps: LifecycleDeps,
  seal: Pick<SealDoc, '_id' | 'unitId' | 'displayName' | 'sealName' | 'kind'>,
  unit: UnitDoc,
  publicKey: Sm2PublicKey,
  validity: { notBefore: Date; notAfter: Date },
): Promise<IssuedCertificate> {
  const position = SEAL_KINDS[seal.kind].category === 'POSITION';
  const certificate = await deps.certificates.ca.issue({
    subject: {
      country: 'CN',
      organization: unit.name,
      commonName: position ? `${seal.displayName}（${seal.sealName}）` : `${seal.displayName}${seal.sealName}`,
      serialNumber: unit.uscc,
    },
    publicKey,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    profile: 'seal',
  });
  const facts: CertificateFactsDoc = {
    serial: serialHexOf(certificate),
    sm3: sm3Hex(certificate.der),
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
  };
  await deps.store.certificates.store({
    _id: facts.serial,
    sealId: seal._id,
    unitId: seal.unitId,
    der: Buffer.from(certificate.der),
    sm3: facts.sm3,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    status: 'VALID',
  });
  return { certificate, facts };
}

/** Validity of a new certificate: whole seconds (X.509 has no fractions), `days` long from `from`. */
export function validityFrom(from: Date, days: number): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor(from.getTime() / 1000) * 1000);
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/** The maker-signed GB/T 38540 SESeal binding imprint, certificate and validity. */
export async function buildSeSeal(
  deps: LifecycleDeps,
  seal: Pick<SealDoc, '_id' | 'esId' | 'kind' | 'displayName' | 'sealName'>,
  certificate: Certificate,
  imprint: Pick<Imprint, 'png' | 'widthMm' | 'heightMm'>,
  createDate: Date,
): Promise<{ der: Uint8Array; sm3: string }> {
  const info = SEAL_KINDS[seal.kind];
  const der = await makeSeal({
    esID: esIdOf(seal),
    vid: deps.settings.vendorId,
    type: info.gbt38540Type,
    name:
      info.category === 'POSITION'
        ? `${seal.displayName}${seal.sealName}`
        : `${seal.displayName}${seal.kind === 'LEGAL_NAME' ? '' : seal.sealName}`,
    certs: [certificate.der],
    createDate,
    validStart: certificate.notBefore,
    validEnd: certificate.notAfter,
    picture: {
      type: 'PNG',
      data: imprint.png,
      width: Math.max(1, Math.round(imprint.widthMm)),
      height: Math.max(1, Math.round(imprint.heightMm)),
    },
    makerCert: deps.maker.certificateDer,
    makerSigner: deps.maker.signer,
  });
  return { der, sm3: sm3Hex(der) };
}
