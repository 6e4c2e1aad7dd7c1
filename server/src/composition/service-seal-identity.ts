import { randomInt, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealError, decodeSeal, makeSeal, renderImprint, sm3Hex, type CertificateAuthority } from '@eseal/core';
import type { MakerIdentity } from '../usecases/seals';
import type { ServiceSeal } from '../usecases/evidence/certificates';
import { serialHexOf } from '../usecases/seals/seal-material';
import { loadOrCreateSigningIdentity } from './signing-identity-file';

/** The platform as a unit: the name on its official seal and on the certificates it issues. */
export const SERVICE_UNIT_NAME = '电子印章服务平台';
/** Not a registered unit (it has no USCC): the ledger keys the service's own seals under this hash. */
const SERVICE_UNIT_ID = sm3Hex('eseal-service');
const FILE = 'service-seal.json';

interface StoredSealData {
  sealId: string;
  sealCode: string;
  seseal: string;
  imprintPng: string;
  imprintWidthMm: number;
  imprintHeightMm: number;
}

/**
 * The service's own official seal (公章), which seals the evidence certificates: an SM2 key and
 * certificate from the CA (kept like every service identity, the key encrypted under the KEK) and
 * seal data made by the maker, kept beside them. Without a directory it lives in memory (tests).
 */
export async function loadOrCreateServiceSeal(
  ca: CertificateAuthority,
  maker: MakerIdentity,
  options: { dir?: string; kek: Uint8Array },
): Promise<ServiceSeal> {
  const { key, certificate } = await loadOrCreateSigningIdentity(
    ca,
    {
      fileName: 'service-seal-identity.json',
      keyLabel: 'eseal/service-seal-key/v1',
      subject: { country: 'CN', organization: SERVICE_UNIT_NAME, commonName: SERVICE_UNIT_NAME },
      validityYears: 5,
      what: 'service seal identity',
    },
    options,
  );
  const file = options.dir === undefined ? undefined : join(options.dir, FILE);
  let stored: StoredSealData | undefined;
  if (file !== undefined && existsSync(file)) {
    stored = JSON.parse(readFileSync(file, 'utf8')) as StoredSealData;
    // Seal data made for another key (the identity file was replaced) would not verify: make it again.
    const certs = decodeSeal(Buffer.from(stored.seseal, 'base64')).sealInfo.property.certList;
    if (certs.kind !== 'certs' || !certs.certs.some((c) => Buffer.from(c).equals(Buffer.from(certificate.der)))) stored = undefined;
  }
  if (stored === undefined) {
    stored = await makeServiceSealData(certificate, maker);
    if (file !== undefined) {
      mkdirSync(options.dir!, { recursive: true, mode: 0o700 });
      writeFileSync(`${file}.tmp`, JSON.stringify(stored), { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    }
  }
  const seseal = new Uint8Array(Buffer.from(stored.seseal, 'base64'));
  const imprint = {
    png: new Uint8Array(Buffer.from(stored.imprintPng, 'base64')),
    widthMm: stored.imprintWidthMm,
    heightMm: stored.imprintHeightMm,
  };
  return {
    sealId: stored.sealId,
    sealCode: stored.sealCode,
    unitName: SERVICE_UNIT_NAME,
    name: SERVICE_UNIT_NAME,
    seseal,
    certificateDer: certificate.der,
    imprint,
    key,
    registration: {
      sealId: stored.sealId,
      unitId: SERVICE_UNIT_ID,
      kind: 'LEGAL_NAME',
      imprintSm3: sm3Hex(imprint.png),
      certSerial: serialHexOf(certificate),
      certSm3: sm3Hex(certificate.der),
      sesealSm3: sm3Hex(seseal),
      validFrom: certificate.notBefore.toISOString(),
      validTo: certificate.notAfter.toISOString(),
    },
  };
}

async function makeServiceSealData(
  certificate: Awaited<ReturnType<typeof loadOrCreateSigningIdentity>>['certificate'],
  maker: MakerIdentity,
): Promise<StoredSealData> {
  // A development code: "000000" (no division) and seven random digits; a deployment's comes from its engraving record.
  const sealCode = `000000${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
  const sealId = `svc_${randomBytes(8).toString('hex')}`;
  const imprint = renderImprint({ shape: 'ROUND', unitName: SERVICE_UNIT_NAME, sealName: '', sealCode }, { dpi: 150 });
  const der = await makeSeal({
    esID: sealId,
    vid: 'ESEAL',
    type: 1,
    name: SERVICE_UNIT_NAME,
    certs: [certificate.der],
    createDate: new Date(Math.floor(Date.now() / 1000) * 1000),
    validStart: certificate.notBefore,
    validEnd: certificate.notAfter,
    picture: { type: 'PNG', data: imprint.png, width: Math.round(imprint.widthMm), height: Math.round(imprint.heightMm) },
    makerCert: maker.certificateDer,
    makerSigner: maker.signer,
  }).catch((cause: unknown) => {
    throw new SealError('CONFIG_INVALID', 'the service seal could not be made', { cause });
  });
  return {
    sealId,
    sealCode,
    seseal: Buffer.from(der).toString('base64'),
    imprintPng: Buffer.from(imprint.png).toString('base64'),
    imprintWidthMm: imprint.widthMm,
    imprintHeightMm: imprint.heightMm,
  };
}
