import { der } from '../asn1';
import { encodeExtensionDatas } from './ext-data';
import type { SealCertList, SealInfo, SealPicture, SealProperty } from './model';

/** DER of a V4 SES_SealInfo: the exact bytes the maker signs. */
export function encodeSealInfo(info: SealInfo): Uint8Array {
  const parts = [
    der.seq(der.ia5(info.header.id), der.int(info.header.version), der.ia5(info.header.vid)),
    der.ia5(info.esID),
    encodeProperty(info.property),
    encodePicture(info.picture),
  ];
  // Untagged in every implementation we know, despite being OPTIONAL after a SEQUENCE.
  if (info.extDatas !== undefined) parts.push(encodeExtensionDatas(info.extDatas));
  return der.seq(...parts);
}

export function encodeProperty(p: SealProperty): Uint8Array {
  return der.seq(
    der.int(p.type),
    der.utf8(p.name),
    der.int(certListType(p.certList)),
    encodeCertList(p.certList),
    der.generalizedTime(p.createDate),
    der.generalizedTime(p.validStart),
    der.generalizedTime(p.validEnd),
  );
}

export function certListType(list: SealCertList): 1 | 2 {
  return list.kind === 'certs' ? 1 : 2;
}

function encodeCertList(list: SealCertList): Uint8Array {
  if (list.kind === 'certs') return der.seq(...list.certs.map((c) => der.octets(c)));
  return der.seq(...list.digests.map((d) => der.seq(der.printable(d.algorithm), der.octets(d.value))));
}

export function encodePicture(p: SealPicture): Uint8Array {
  return der.seq(der.ia5(p.type), der.octets(p.data), der.int(p.width), der.int(p.height));
}
