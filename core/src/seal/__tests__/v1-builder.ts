/**
 * TEST-ONLY: GM/T 0031-2014 (V1) seal data built by hand from the structure in SEAL-FORMATS.md, signed with
 * our SM2: SESeal { SES_SealInfo, SES_SignInfo { cert, alg, signData } } where the maker signs
 * DER(SEQUENCE { SES_SealInfo, cert, alg }); SES_Signature { TBS_Sign (7 fields, text timeInfo), signature }.
 */
import { der } from '../../asn1';
import { sm2Sign } from '../../crypto/sm2';
import { sm3 } from '../../crypto/sm3';
import { SealOid } from '../oids';
import { formatV1TimeText } from '../v1-time-info';
import { PICTURE, PROTECTED, T, type Party } from './fixtures';

export interface V1SealOptions {
  maker: Party;
  certs: Uint8Array[];
  headerVersion?: number;
  /** A ready-encoded ExtensionDatas to append to SES_SealInfo. */
  extDatas?: Uint8Array;
}

export function buildV1SealInfo(o: V1SealOptions): Uint8Array {
  const property = der.seq(
    der.int(1),
    der.utf8('测试单位公章'),
    der.seq(...o.certs.map((c) => der.octets(c))),
    der.utcTime(T.sealCreate),
    der.utcTime(T.sealStart),
    der.utcTime(T.sealEnd),
  );
  const picture = der.seq(der.ia5(PICTURE.type), der.octets(PICTURE.data), der.int(PICTURE.width), der.int(PICTURE.height));
  const parts = [der.seq(der.ia5('ES'), der.int(o.headerVersion ?? 1), der.ia5('v1-vendor')), der.ia5('V1-0001'), property, picture];
  if (o.extDatas) parts.push(o.extDatas);
  return der.seq(...parts);
}

export function buildV1Seal(o: V1SealOptions): Uint8Array {
  const sealInfo = buildV1SealInfo(o);
  const cert = der.octets(o.maker.cert);
  const alg = der.oid(SealOid.SM2_WITH_SM3);
  const signData = sm2Sign(o.maker.key, der.seq(sealInfo, cert, alg));
  return der.seq(sealInfo, der.seq(cert, alg, der.bitString(signData)));
}

export interface V1SignatureOptions {
  seal: Uint8Array;
  signer: Party;
  timeText?: string;
  dataHashAsOctets?: boolean;
}

export function buildV1Signature(o: V1SignatureOptions): Uint8Array {
  const time = new Uint8Array(Buffer.from(o.timeText ?? formatV1TimeText(T.signing), 'latin1'));
  const hash = sm3(PROTECTED);
  const tbs = der.seq(
    der.int(1),
    o.seal,
    der.bitString(time),
    o.dataHashAsOctets ? der.octets(hash) : der.bitString(hash),
    der.ia5('Doc_0/Signs/Sign_0/Signature.xml'),
    der.octets(o.signer.cert),
    der.oid(SealOid.SM2_WITH_SM3),
  );
  return der.seq(tbs, der.bitString(sm2Sign(o.signer.key, tbs)));
}
