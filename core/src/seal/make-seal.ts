import { SealOid } from './oids';
import type { CertDigest, ExtData, SealCertList, SealInfo, SealPicture } from './model';
import { assembleSeal } from './seal-encode';
import { encodeSealInfo } from './seal-info-encode';
import { type SealSigner, assertSignerHoldsCertificateKey, signAndSelfCheck } from './signer';
import { invalidInput, requireAscii, requireBytes, requireDate, requirePositiveInt } from './input-validation';

/** GB/T 38540 seal header version written by this implementation. */
export const SEAL_VERSION_WRITTEN = 4;

export interface MakeSealInput {
  esID: string;
  /** Vendor identifier for the header. */
  vid: string;
  /** 1 unit (official) seal, 2 personal (position) seal. */
  type: number;
  name: string;
  /** Exactly one of certs (certListType 1) and certDigests (certListType 2). */
  certs?: Uint8Array[];
  certDigests?: CertDigest[];
  /** Dates are written to whole seconds (GeneralizedTime without fraction). */
  createDate: Date;
  validStart: Date;
  validEnd: Date;
  picture: SealPicture;
  extDatas?: ExtData[];
  /** The maker's certificate, DER. */
  makerCert: Uint8Array;
  makerSigner: SealSigner;
}

/** Make a V4 SESeal: the maker signs DER(SES_SealInfo) with SM2/SM3 (default user ID). Returns the DER SESeal. */
export async function makeSeal(input: MakeSealInput): Promise<Uint8Array> {
  const sealInfo = buildSealInfo(input);
  assertSignerHoldsCertificateKey(input.makerSigner, input.makerCert, 'maker');
  const sealInfoDer = encodeSealInfo(sealInfo);
  const signatureValue = await signAndSelfCheck(input.makerSigner, sealInfoDer, 'seal maker signature');
  return assembleSeal(sealInfoDer, { makerCert: input.makerCert, signatureAlgorithm: SealOid.SM2_WITH_SM3, signatureValue });
}

export function buildSealInfo(input: Omit<MakeSealInput, 'makerCert' | 'makerSigner'>): SealInfo {
  requireAscii(input.esID, 'esID');
  requireAscii(input.vid, 'vid');
  requirePositiveInt(input.type, 'type');
  if (typeof input.name !== 'string' || input.name.length === 0) throw invalidInput('name must not be empty', { field: 'name' });
  for (const field of ['createDate', 'validStart', 'validEnd'] as const) requireDate(input[field], field);
  if (input.validStart.getTime() >= input.validEnd.getTime()) throw invalidInput('validStart must be before validEnd');
  requireAscii(input.picture.type, 'picture.type');
  requireBytes(input.picture.data, 'picture.data');
  requirePositiveInt(input.picture.width, 'picture.width');
  requirePositiveInt(input.picture.height, 'picture.height');
  for (const ext of input.extDatas ?? []) {
    if (!/^\d+(\.\d+)+$/.test(ext.extnID)) throw invalidInput('extDatas: extnID must be a dotted OID', { extnID: ext.extnID });
  }
  const info: SealInfo = {
    header: { id: 'ES', version: SEAL_VERSION_WRITTEN, vid: input.vid },
    esID: input.esID,
    property: {
      type: input.type,
      name: input.name,
      certList: buildCertList(input.certs, input.certDigests),
      createDate: input.createDate,
      validStart: input.validStart,
      validEnd: input.validEnd,
    },
    picture: input.picture,
  };
  if (input.extDatas !== undefined) info.extDatas = input.extDatas;
  return info;
}

function buildCertList(certs: Uint8Array[] | undefined, digests: CertDigest[] | undefined): SealCertList {
  if ((certs === undefined) === (digests === undefined)) throw invalidInput('give exactly one of certs and certDigests');
  if (certs !== undefined) {
    if (certs.length === 0) throw invalidInput('certs must name at least one certificate');
    certs.forEach((c, i) => requireBytes(c, `certs[${i}]`));
    return { kind: 'certs', certs };
  }
  if (digests!.length === 0) throw invalidInput('certDigests must name at least one certificate');
  for (const d of digests!) {
    if (!/^[A-Za-z0-9-]+$/.test(d.algorithm)) throw invalidInput('certDigests: algorithm must be a PrintableString name such as "SM3"');
    requireBytes(d.value, 'certDigests.value');
  }
  return { kind: 'digests', digests: digests! };
}
